using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Trainer.Calibration;
using Xunit;

namespace EdgeSound.Trainer.Tests.Calibration;

public sealed class ThresholdCalibratorTests
{
    private static readonly double[] Grid = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    private static readonly DetectorSettings[] Candidates = [new(1, 1.0, 0.25, false), new(2, 1.0, 0.25, false)];

    private static CalibrationInput Input(int seed)
    {
        var scorer = new PitchScorer();
        var (pcm, truth) = ToneScape.Make(120, seed);
        var trace = WindowTrace.Record(scorer, DetectionRules.From(new DetectionOptions(), scorer.Labels), pcm);
        return new CalibrationInput($"tones{seed}", trace, truth, new HashSet<string>(), 120);
    }

    [Fact]
    public void Replaying_a_trace_gives_the_events_of_the_daemon_pipeline()
    {
        var scorer = new PitchScorer();
        var (pcm, _) = ToneScape.Make(60, 3);
        foreach (var o in new[] { new DetectionOptions(), new DetectionOptions { SmoothingWindows = 1, Threshold = 0.4, OffsetThreshold = 0.3, MinDurationSeconds = 0.5 } })
        {
            var rules = DetectionRules.From(o, scorer.Labels);
            var pipeline = new DetectionPipeline(scorer, rules, EventClock.Recording(DateTimeOffset.UnixEpoch), TimeZoneInfo.Utc);
            var expected = new List<DetectedEvent>();
            pipeline.Process(pcm, expected);
            pipeline.Finish(expected);
            var replayed = WindowTrace.Record(scorer, DetectionRules.From(new DetectionOptions(), scorer.Labels), pcm).Replay(rules);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, replayed);
        }
    }

    [Fact]
    public void Calibration_finds_per_class_thresholds_that_beat_the_single_default()
    {
        CalibrationInput[] inputs = [Input(1), Input(2)];
        var labels = new PitchScorer().Labels;
        var defaults = DetectionRules.From(new DetectionOptions(), labels);
        var before = ThresholdCalibrator.Score(inputs[0], defaults);
        Assert.True(before.Recall < 0.6, $"the weak class should be missed at the default threshold (recall {before.Recall:0.00})");

        var result = ThresholdCalibrator.Calibrate(inputs, labels, new DetectionOptions(), Candidates, Grid, 0);
        Assert.InRange(result.Thresholds["low"], 0.3, 0.4);
        Assert.True(result.Thresholds["hum"] > 0.55, $"hum at {result.Thresholds["hum"]} fires on everything");
        Assert.Equal(1.0, result.F1, 6);
        Assert.Equal(Candidates.Length, result.Compared.Count);
        var after = ThresholdCalibrator.Score(inputs[1], DetectionRules.From(ThresholdCalibrator.Options(new DetectionOptions(), result.Settings, 0.6), labels, result.Thresholds));
        Assert.Equal(1.0, Assert.NotNull(after.F1), 6);
    }

    [Fact]
    public void Calibration_is_deterministic()
    {
        var labels = new PitchScorer().Labels;
        var a = ThresholdCalibrator.Calibrate([Input(5)], labels, new DetectionOptions(), Candidates, Grid, 0);
        var b = ThresholdCalibrator.Calibrate([Input(5)], labels, new DetectionOptions(), Candidates, Grid, 0);
        Assert.Equal(a.Settings, b.Settings);
        Assert.Equal(a.Thresholds, b.Thresholds);
        Assert.Equal(a.F1, b.F1);
    }

    [Fact]
    public void Calibration_refuses_a_configured_exclude_list()
    {
        var o = new DetectionOptions { Exclude = ["hum"] };
        var e = Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([Input(1)], new PitchScorer().Labels, o, Candidates, Grid, 0));
        Assert.Contains("exclude", e.Message);
    }
}
