using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Tests.Detection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>
/// Level and occupancy minutes follow the clock events are stamped with: a Pi without a real-time clock boots on a
/// stale clock and NTP then sets it, and minutes measured after that must carry the new clock's times (not be
/// pruned as weeks old beside the events of the same run).
/// </summary>
public sealed class InputTimelineTests
{
    /// <summary>The stale clock at boot, on a whole minute.</summary>
    private static readonly DateTimeOffset StaleBoot = new(2026, 10, 20, 12, 0, 0, TimeSpan.Zero);

    private const int Rate = 16000;

    [Fact]
    public void A_recordings_timeline_never_moves()
    {
        var timeline = new InputTimeline(EventClock.Recording(StaleBoot));
        foreach (var seconds in new[] { 0.0, 59.9, 3600, 86400 * 3 })
        {
            Assert.Null(timeline.Follow(seconds));
        }

        Assert.Equal(StaleBoot, timeline.Origin);
        Assert.Equal(StaleBoot.AddSeconds(90), timeline.At(90));
        Assert.Equal(0, timeline.Jumps);
    }

    [Fact]
    public void Live_input_follows_drift_quietly_and_reports_a_jump_once()
    {
        var time = new FakeTimeProvider(StaleBoot) { AutoAdvanceAmount = TimeSpan.Zero };
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var timeline = new InputTimeline(EventClock.Live(time));

        time.Advance(TimeSpan.FromSeconds(11.5));
        Assert.Null(timeline.Follow(10));
        Assert.Equal(StaleBoot, timeline.Origin);

        time.Advance(TimeSpan.FromSeconds(13.5));
        Assert.Null(timeline.Follow(20));
        Assert.Equal(StaleBoot.AddSeconds(5), timeline.Origin);
        Assert.Equal(0, timeline.Jumps);

        time.AdjustTime(time.GetUtcNow().AddDays(40));
        Assert.Equal(TimeSpan.FromDays(40), timeline.Follow(20));
        Assert.Equal(1, timeline.Jumps);
        Assert.Equal(StaleBoot.AddDays(40).AddSeconds(25), timeline.At(20));
        Assert.Null(timeline.Follow(20));
    }

    [Fact]
    public void After_a_clock_jump_level_minutes_carry_the_new_clock_and_the_minute_in_progress_keeps_the_old_one()
    {
        var minutes = MeasureLive(150, (time, second) =>
        {
            if (second == 40)
            {
                time.AdjustTime(time.GetUtcNow().AddDays(40));
            }
        });
        DateTimeOffset corrected = StaleBoot.AddDays(40);
        Assert.Equal(
            [(StaleBoot, 40.0), (corrected, 20.0), (corrected.AddMinutes(1), 60.0), (corrected.AddMinutes(2), 30.0)],
            minutes.Select(m => (m.Start, Math.Round(m.Seconds, 3))));
    }

    [Fact]
    public void A_few_seconds_of_drift_moves_the_next_boundary_to_the_clocks_minute_without_cutting_one()
    {
        var minutes = MeasureLive(150, (time, second) =>
        {
            if (second == 30)
            {
                time.Advance(TimeSpan.FromSeconds(3));
            }
        });
        Assert.Equal(
            [(StaleBoot, 57.0), (StaleBoot.AddMinutes(1), 60.0), (StaleBoot.AddMinutes(2), 33.0)],
            minutes.Select(m => (m.Start, Math.Round(m.Seconds, 3))));
    }

    /// <summary>
    /// Level minutes of <paramref name="seconds"/> s of live input starting at <see cref="StaleBoot"/>, fed in 100 ms
    /// chunks with the clock advancing in step; <paramref name="atSecond"/> may move the clock at each whole second.
    /// </summary>
    private static List<MinuteLevels> MeasureLive(int seconds, Action<FakeTimeProvider, int> atSecond)
    {
        var time = new FakeTimeProvider(StaleBoot) { AutoAdvanceAmount = TimeSpan.Zero };
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var timeline = new InputTimeline(EventClock.Live(time));
        var meter = new SoundLevelMeter(timeline);
        var minutes = new List<MinuteLevels>();
        var chunk = new short[Rate / 10];
        Array.Fill(chunk, (short)1000);
        for (var tenth = 0; tenth < seconds * 10; tenth++)
        {
            if (tenth % 10 == 0)
            {
                atSecond(time, tenth / 10);
            }

            timeline.Follow(tenth / 10.0);
            meter.Process(chunk, minutes);
            time.Advance(TimeSpan.FromSeconds(0.1));
        }

        meter.Finish(minutes);
        return minutes;
    }

    [Fact]
    public void A_clock_that_falls_a_few_seconds_behind_ends_the_minute_rather_than_stretch_it_beyond_60_s()
    {
        var minutes = MeasureLive(150, (time, second) =>
        {
            if (second == 30)
            {
                time.AdjustTime(time.GetUtcNow().AddSeconds(-3));
            }
        });
        Assert.All(minutes, m => Assert.InRange(m.Seconds, 0, 60));
        Assert.Equal(150, Math.Round(minutes.Sum(m => m.Seconds), 3));
    }

    [Fact]
    public void Occupancy_minutes_after_a_jump_are_the_new_clocks()
    {
        var time = new FakeTimeProvider(StaleBoot) { AutoAdvanceAmount = TimeSpan.Zero };
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var timeline = new InputTimeline(EventClock.Live(time));
        var rules = DetectionRules.From(DetectorTestOptions.Create(), ["dog"]);
        var meter = new OccupancyMeter(rules, timeline, 0.5);
        var minutes = new List<MinuteOccupancy>();
        meter.Push(0, 1, [0.9f]);
        time.AdjustTime(StaleBoot.AddDays(40).AddSeconds(30));
        timeline.Follow(30);
        meter.Push(30, 31, [0.9f]);
        meter.Finish();
        meter.Drain(minutes);
        Assert.Equal([StaleBoot, StaleBoot.AddDays(40)], minutes.Select(m => m.Start));
    }
}
