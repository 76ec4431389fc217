using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Trainer.Calibration;
using Xunit;

namespace EdgeSound.Trainer.Tests.Calibration;

/// <summary>
/// The noise guard (with stand-in scorers whose scores are the same on every window) raises exactly the labels a scorer fires on steady noise, until the daemon's default detector stays
/// quiet on every background, and reports a label that still fires at the ceiling instead of looping.
/// </summary>
public sealed class NoiseGuardTests
{
    private static readonly IReadOnlyList<(string Name, float[] Samples)> Noise = NoiseGuard.Backgrounds();

    [Fact]
    public void Labels_that_fire_on_noise_are_raised_until_the_detector_is_quiet()
    {
        var scorer = new ConstantScorer(["hum", "calm"], [0.55f, 0.02f]);
        var thresholds = new Dictionary<string, double> { ["hum"] = 0.3, ["calm"] = 0.5 };
        var rules = DetectionRules.From(new DetectionOptions(), scorer.Labels, thresholds);
        var before = Noise.Select(b => WindowTrace.Record(scorer, rules, DaemonInput.FromWav16k(b.Samples))).ToList();
        Assert.Contains(before.SelectMany(t => t.Replay(rules)), e => e.Label == "hum");

        NoiseGuardResult guard = NoiseGuard.Apply(scorer, scorer.Labels, thresholds, Noise);

        RaisedThreshold hum = Assert.Single(guard.Raised);
        Assert.Equal("hum", hum.Label);
        Assert.Equal(0.3, hum.From);
        Assert.Equal(0.6, guard.Thresholds["hum"], 6);
        Assert.True(hum.Events > 0);
        Assert.Equal(0.5, guard.Thresholds["calm"]);
        Assert.Empty(guard.StillFiring);
        var guarded = DetectionRules.From(new DetectionOptions(), scorer.Labels, guard.Thresholds);
        Assert.Empty(before.SelectMany(t => t.Replay(guarded)));
    }

    [Fact]
    public void A_label_that_fires_above_the_ceiling_is_reported_not_silenced()
    {
        var scorer = new ConstantScorer(["loud", "quiet"], [0.99f, 0.01f]);
        NoiseGuardResult guard = NoiseGuard.Apply(scorer, scorer.Labels, new Dictionary<string, double> { ["loud"] = 0.5 }, Noise);

        Assert.Equal(NoiseGuard.Ceiling, guard.Thresholds["loud"]);
        Assert.Equal(["loud"], guard.StillFiring);
        Assert.Equal(new DetectionOptions().Threshold, guard.Thresholds["quiet"]);
        Assert.Contains("loud 0.50 -> 0.95", guard.Raised.Single().ToString(), StringComparison.Ordinal);
    }

    /// <summary>Gives every window the same scores: a label above a threshold fires on anything loud enough to pass the gate.</summary>
    private sealed class ConstantScorer(string[] labels, float[] constants) : StandInScorer(labels)
    {
        public override void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
        {
            constants.CopyTo(scores);
        }
    }
}
