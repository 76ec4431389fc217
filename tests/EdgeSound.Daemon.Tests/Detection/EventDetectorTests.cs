using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

public sealed class EventDetectorTests
{
    private static readonly string[] Labels = ["dog", "siren", "rain"];
    private static readonly DateTimeOffset Origin = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private const double Hop = DetectorTestOptions.Hop;
    private const double Window = 1.0;

    private static DetectionOptions Defaults() => DetectorTestOptions.Create();

    /// <summary>Runs per-window score rows (dog, siren, rain) through a detector; window i starts at i * Hop.</summary>
    private static List<DetectedEvent> Run(DetectionOptions o, IReadOnlyList<float[]> rows, double level = -20, DateTimeOffset? origin = null)
    {
        var d = new EventDetector(DetectionRules.From(o, Labels), EventClock.Recording(origin ?? Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        for (var i = 0; i < rows.Count; i++)
        {
            var start = i * Hop;
            if (rows[i] is null)
            {
                d.PushGated(start, start + Window, -90, events);
            }
            else
            {
                d.Push(start, start + Window, rows[i], level, events);
            }
        }

        d.Flush(events);
        return events;
    }

    private static float[] Dog(float s) => [s, 0, 0];

    [Fact]
    public void Hysteresis_opens_at_onset_and_holds_down_to_offset()
    {
        var events = Run(Defaults(), [Dog(0.1f), Dog(0.7f), Dog(0.5f), Dog(0.45f), Dog(0.3f), Dog(0.1f)]);
        var e = Assert.Single(events);
        Assert.Equal("dog", e.Label);
        Assert.Equal(0.5, e.StartSeconds);
        Assert.Equal(1.5 + Window, e.EndSeconds);
        Assert.Equal(0.7, e.Score, 5);
        Assert.Equal(Origin.AddSeconds(0.5), e.Time);
    }

    [Fact]
    public void Scores_between_offset_and_onset_never_open_an_event()
    {
        Assert.Empty(Run(Defaults(), [Dog(0.55f), Dog(0.59f), Dog(0.5f), Dog(0.59f)]));
    }

    [Fact]
    public void Minimum_duration_drops_single_window_blips()
    {
        var o = Defaults();
        o.MinDurationSeconds = 1.0;
        Assert.Empty(Run(o, [Dog(0.9f), Dog(0.1f), Dog(0.1f)]));
        Assert.Single(Run(o, [Dog(0.9f), Dog(0.8f), Dog(0.1f)]));
    }

    [Fact]
    public void Smoothing_averages_the_last_windows()
    {
        var o = Defaults();
        o.SmoothingWindows = 2;
        Assert.Empty(Run(o, [Dog(0f), Dog(0.9f), Dog(0.1f), Dog(0f)]));
        var e = Assert.Single(Run(o, [Dog(0f), Dog(0.9f), Dog(0.9f), Dog(0f), Dog(0f)]));
        Assert.Equal(0.5, e.StartSeconds);
        Assert.Equal(0.9, e.Score, 5);
    }

    [Fact]
    public void Cooldown_suppresses_a_second_onset_of_the_same_label_only()
    {
        var o = Defaults();
        o.CooldownSeconds = 5;
        float[][] rows = [Dog(0.9f), [0.1f, 0.9f, 0], Dog(0.9f), Dog(0.1f), .. Enumerable.Repeat(Dog(0f), 10), Dog(0.9f), Dog(0f)];
        var events = Run(o, rows);
        Assert.Equal(["dog", "siren", "dog"], events.Select(e => e.Label));
        Assert.Equal(7.0, events[2].StartSeconds);
    }

    [Fact]
    public void Include_and_exclude_lists_select_labels()
    {
        var rows = new[] { new[] { 0.9f, 0.9f, 0.9f }, new[] { 0f, 0f, 0f } };
        var o = Defaults();
        o.Include.AddRange(["dog", "rain"]);
        o.Exclude.Add("rain");
        var e = Assert.Single(Run(o, rows));
        Assert.Equal("dog", e.Label);
    }

    [Fact]
    public void A_background_class_never_raises_an_event_even_when_included()
    {
        var o = Defaults();
        o.Include.AddRange(["dog", "background"]);
        var rules = DetectionRules.From(o, ["dog", "background"]);
        Assert.True(rules.Classes[0].Enabled);
        Assert.False(rules.Classes[1].Enabled);

        var d = new EventDetector(rules, EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        for (var i = 0; i < 20; i++)
        {
            d.Push(i * Hop, (i * Hop) + Window, i < 10 ? [0.02f, 0.98f] : [0.98f, 0.02f], -20, events);
        }

        d.Flush(events);
        Assert.Equal("dog", Assert.Single(events).Label);
    }

    [Fact]
    public void Per_class_threshold_overrides_the_default()
    {
        var o = Defaults();
        o.Classes["dog"] = new ClassOptions { Threshold = 0.95 };
        Assert.Empty(Run(o, [Dog(0.9f), Dog(0.9f), Dog(0f)]));
        o.Classes["dog"] = new ClassOptions { Threshold = 0.3, OffsetThreshold = 0.2 };
        Assert.Single(Run(o, [Dog(0.35f), Dog(0.25f), Dog(0f)]));
    }

    [Fact]
    public void Gated_windows_count_as_silence_and_end_events()
    {
        var events = Run(Defaults(), [Dog(0.9f), Dog(0.9f), null!, null!, Dog(0.9f), Dog(0f)]);
        Assert.Equal(2, events.Count);
        Assert.Equal(0.5 + Window, events[0].EndSeconds);
        Assert.Equal(2.0, events[1].StartSeconds);
    }

    [Fact]
    public void Long_sound_is_reported_at_the_maximum_duration()
    {
        var o = Defaults();
        o.MaxDurationSeconds = 3;
        var rows = Enumerable.Repeat(Dog(0.9f), 12).ToList();
        var events = Run(o, rows);
        Assert.True(events.Count >= 2, $"expected the long sound split into reports, got {events.Count}");
        Assert.Equal(0, events[0].StartSeconds);
        Assert.Equal(3.0, events[0].EndSeconds);
    }

    [Fact]
    public void Quiet_hours_suppress_events_starting_inside_them()
    {
        var o = Defaults();
        o.Classes["dog"] = new ClassOptions { QuietHours = "22:00-06:00" };
        var night = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero);
        Assert.Empty(Run(o, [Dog(0.9f), Dog(0f)], origin: night));
        Assert.Single(Run(o, [Dog(0.9f), Dog(0f)]));
    }

    [Fact]
    public void Level_is_the_peak_window_level_of_the_event()
    {
        var o = Defaults();
        var d = new EventDetector(DetectionRules.From(o, Labels), EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        d.Push(0, 1, Dog(0.9f), -30, events);
        d.Push(0.5, 1.5, Dog(0.9f), -12, events);
        d.Push(1.0, 2.0, Dog(0.0f), -50, events);
        Assert.Equal(-12, Assert.Single(events).LevelDbfs);
    }

    [Fact]
    public void Flush_closes_an_event_open_at_the_end_of_input()
    {
        var e = Assert.Single(Run(Defaults(), [Dog(0f), Dog(0.9f), Dog(0.9f)]));
        Assert.Equal(1.0 + Window, e.EndSeconds);
    }

    [Fact]
    public void Report_at_onset_alerts_once_as_soon_as_the_minimum_duration_is_met()
    {
        var o = Defaults();
        o.MinDurationSeconds = 1.0;
        o.ReportAt = "onset";
        var d = new EventDetector(DetectionRules.From(o, Labels), EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        d.Push(0.0, 1.0, Dog(0.9f), -20, events);
        Assert.Empty(events);
        d.Push(0.5, 1.5, Dog(0.9f), -20, events);
        var e = Assert.Single(events);
        Assert.Equal((0.0, 1.5), (e.StartSeconds, e.EndSeconds));
        for (var i = 2; i < 6; i++)
        {
            d.Push(i * 0.5, (i * 0.5) + 1, Dog(0.9f), -20, events);
        }

        d.Push(3.0, 4.0, Dog(0f), -20, events);
        d.Flush(events);
        Assert.Single(events);
    }

    [Fact]
    public void Report_at_onset_still_drops_blips_and_keeps_the_cooldown()
    {
        var o = Defaults();
        o.MinDurationSeconds = 1.0;
        o.CooldownSeconds = 5;
        o.ReportAt = "onset";
        Assert.Empty(Run(o, [Dog(0.9f), Dog(0f), Dog(0f)]));
        var events = Run(o, [Dog(0.9f), Dog(0.9f), Dog(0f), Dog(0.9f), Dog(0.9f), Dog(0f)]);
        Assert.Single(events);
    }

    [Fact]
    public void Wrong_score_count_is_rejected()
    {
        var d = new EventDetector(DetectionRules.From(Defaults(), Labels), EventClock.Recording(Origin));
        Assert.Throws<ArgumentException>(() => d.Push(0, 1, new float[2], -20, []));
    }
}
