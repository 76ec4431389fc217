using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>A model's calibrated per-label thresholds become the detector's defaults; the configuration still overrides them.</summary>
public sealed class ModelThresholdRulesTests
{
    private static readonly string[] Labels = ["dog", "siren", "rain"];
    private static readonly Dictionary<string, double> Model = new() { ["dog"] = 0.45, ["siren"] = 0.8 };

    [Fact]
    public void Model_thresholds_are_the_onset_defaults()
    {
        var rules = DetectionRules.From(new DetectionOptions(), Labels, Model);
        Assert.Equal(0.45f, rules.Classes[0].Onset);
        Assert.Equal(0.8f, rules.Classes[1].Onset);
    }

    [Fact]
    public void A_label_the_model_has_no_threshold_for_takes_the_configured_default()
    {
        var rules = DetectionRules.From(new DetectionOptions { Threshold = 0.7 }, Labels, Model);
        Assert.Equal(0.7f, rules.Classes[2].Onset);
    }

    [Fact]
    public void A_model_without_thresholds_keeps_the_current_default()
    {
        var defaults = new DetectionOptions();
        var rules = DetectionRules.From(defaults, Labels, new Dictionary<string, double>());
        Assert.All(rules.Classes, c => Assert.Equal((float)defaults.Threshold, c.Onset));
        Assert.Equal(DetectionRules.From(defaults, Labels).Classes, rules.Classes);
    }

    [Fact]
    public void Config_class_threshold_overrides_the_model()
    {
        var o = new DetectionOptions();
        o.Classes["siren"] = new ClassOptions { Threshold = 0.5 };
        var rules = DetectionRules.From(o, Labels, Model);
        Assert.Equal(0.5f, rules.Classes[1].Onset);
        Assert.Equal(0.45f, rules.Classes[0].Onset);
    }

    [Fact]
    public void Offset_never_exceeds_a_model_threshold_below_it()
    {
        var rules = DetectionRules.From(new DetectionOptions { OffsetThreshold = 0.5 }, Labels, Model);
        Assert.Equal(0.45f, rules.Classes[0].Offset);
        Assert.Equal(0.5f, rules.Classes[1].Offset);
    }

    [Fact]
    public void Model_threshold_decides_whether_a_score_raises_an_event()
    {
        var o = new DetectionOptions { SmoothingWindows = 1, MinDurationSeconds = 0.5, CooldownSeconds = 0 };
        float[] row = [0.6f, 0f, 0f];
        List<DetectedEvent> Run(IReadOnlyDictionary<string, double> thresholds)
        {
            var d = new EventDetector(DetectionRules.From(o, Labels, thresholds), EventClock.Recording(DateTimeOffset.UnixEpoch), TimeZoneInfo.Utc);
            var events = new List<DetectedEvent>();
            for (var i = 0; i < 6; i++)
            {
                d.Push(i * 0.5, (i * 0.5) + 1, row, -20, events);
            }

            d.Flush(events);
            return events;
        }

        Assert.Equal("dog", Assert.Single(Run(new Dictionary<string, double>())).Label);
        Assert.Empty(Run(new Dictionary<string, double> { ["dog"] = 0.65 }));
        Assert.Single(Run(Model));
    }
}
