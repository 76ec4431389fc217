using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Tests.Detection;
using EdgeSound.Learning.Soundscapes;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>Occupancy from the detector's smoothed scores, against soundscapes whose ground truth is known.</summary>
public sealed class OccupancyTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Origin = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A 1 kHz tone burst (the stand-in scorer's "tone") padded with digital silence, as ESC-50 clips are. The
    /// background is pink noise at -62 dBFS: at -50 dBFS the stand-in scorer already calls 35-50 % of its frames loud.
    /// </summary>
    private static SourceClip Burst(double seconds)
    {
        var pad = 1600;
        var x = new float[(int)(seconds * 16000) + (2 * pad)];
        for (var i = 0; i < x.Length - (2 * pad); i++)
        {
            x[pad + i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 16000.0));
        }

        return new SourceClip("tone", $"tone-{seconds}s.wav", x);
    }

    private static (List<MinuteOccupancy> Minutes, List<DetectedEvent> Events) Run(Soundscape scape, DetectionOptions o)
    {
        var scorer = new LoudnessScorer();
        var rules = DetectionRules.From(o, scorer.Labels);
        var pipeline = new DetectionPipeline(scorer, rules, EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var meter = new OccupancyMeter(rules, new InputTimeline(EventClock.Recording(Origin)), pipeline.HopSeconds);
        pipeline.SmoothedObserver = meter.Push;
        var pcm = LevelSignals.ToPcm(scape.Samples);
        var events = new List<DetectedEvent>();
        for (var i = 0; i < pcm.Length; i += 4000)
        {
            pipeline.Process(pcm.AsSpan(i, Math.Min(4000, pcm.Length - i)), events);
        }

        pipeline.Finish(events);
        meter.Finish();
        var minutes = new List<MinuteOccupancy>();
        meter.Drain(minutes);
        return (minutes, events);
    }

    private static Soundscape Generate(int seed) => SoundscapeGenerator.Generate(
        new SoundscapeOptions { DurationSeconds = 240, EventsPerMinute = 5, MinSnrDb = 44, MaxSnrDb = 48, BackgroundDbfs = -62, Seed = seed },
        [Burst(2), Burst(4), Burst(9)],
        NoiseGenerator.Generate("pink", 240 * 16000, -62, new Random(seed)));

    /// <summary>Seconds of minute <paramref name="m"/> (from the origin) covered by ground-truth events.</summary>
    private static double TruthSeconds(Soundscape s, int m) =>
        s.Events.Sum(e => Math.Max(0, Math.Min(e.Offset, (m + 1) * 60.0) - Math.Max(e.Onset, m * 60.0)));

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Share_of_each_minute_matches_the_ground_truth(int seed)
    {
        var scape = Generate(seed);
        var (minutes, events) = Run(scape, new DetectionOptions());
        output.WriteLine("truth: " + string.Join(", ", scape.Events.Select(e => $"{e.Onset:0.0}-{e.Offset:0.0}")));
        output.WriteLine("events: " + string.Join(", ", events.Select(e => $"{e.StartSeconds:0.0}-{e.EndSeconds:0.0}")));
        Assert.Equal(4, minutes.Count);
        for (var m = 0; m < 4; m++)
        {
            var minute = minutes[m];
            var truth = TruthSeconds(scape, m);
            var edges = scape.Events.Count(e => e.Onset < (m + 1) * 60 && e.Offset > m * 60);
            var measured = minute.Share("tone") * 60;
            output.WriteLine($"minute {m}: truth {truth:0.0} s ({truth / 60:P1}), measured {measured:0.0} s ({minute.Share("tone"):P1}) over {minute.ObservedSeconds:0.0} s observed, {edges} events");
            Assert.Equal(Origin.AddMinutes(m), minute.Start);
            Assert.InRange(minute.ObservedSeconds, 59, 61);
            Assert.InRange(measured, truth - (0.5 * edges) - 0.5, truth + (0.5 * edges) + 0.5);
            Assert.Equal(0, minute.Share("other"));
        }
    }

    [Fact]
    public void Excluded_labels_still_occupy_their_time_though_they_raise_no_event()
    {
        var scape = Generate(5);
        var (minutes, events) = Run(scape, new DetectionOptions { Exclude = ["tone"] });
        Assert.Empty(events);
        var measured = minutes.Sum(m => m.Share("tone") * m.ObservedSeconds);
        var truth = scape.Events.Sum(e => e.Offset - e.Onset);
        Assert.InRange(measured, truth - (1.5 * scape.Events.Count), truth + (1.5 * scape.Events.Count));
        Assert.True(truth > 30, $"the soundscape has only {truth:0.0} s of events");
    }
}
