using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>Event times for live input come from the wall clock at detection; a recording's from its start.</summary>
public sealed class EventClockTests
{
    private static readonly string[] Labels = ["dog", "siren", "rain"];

    /// <summary>A Pi without a real-time clock boots 10 days behind; NTP then corrects it.</summary>
    private static readonly DateTimeOffset StaleBoot = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static DetectionOptions Options() => DetectorTestOptions.Create();

    [Fact]
    public void A_clock_that_jumps_mid_run_is_right_for_every_event_after_the_jump()
    {
        var live = new Live(Options(), StaleBoot);

        var before = live.Bark(at: 10);
        live.Clock.AdjustTime(live.Clock.GetUtcNow().AddDays(10));
        var after = live.Bark(at: 20);
        var later = live.Bark(at: 30);

        // Before the correction the clock itself is wrong; from it on every event is right (a fixed time base taken at
        // start would leave both later events 10 days early).
        Assert.Equal(StaleBoot.AddSeconds(10), before!.Time);
        Assert.Equal(StaleBoot.AddDays(10).AddSeconds(20), after!.Time);
        Assert.Equal(StaleBoot.AddDays(10).AddSeconds(30), later!.Time);
        Assert.Equal(20, after.StartSeconds);
    }

    [Fact]
    public void Quiet_hours_are_judged_on_the_current_clock()
    {
        var o = Options();
        o.Classes["dog"] = new ClassOptions { QuietHours = "22:00-06:00" };
        var live = new Live(o, new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

        Assert.NotNull(live.Bark(at: 5));
        live.Clock.AdjustTime(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));

        Assert.Null(live.Bark(at: 15));
    }

    [Fact]
    public void A_recording_is_stamped_from_its_start_whatever_the_clock_says()
    {
        var start = new DateTimeOffset(2026, 7, 4, 6, 30, 15, TimeSpan.FromHours(2));
        var d = new EventDetector(DetectionRules.From(Options(), Labels), EventClock.Recording(start), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        d.Push(100, 101, [0.9f, 0, 0], -20, events);
        d.Push(100.5, 101.5, [0.9f, 0, 0], -20, events);
        d.Push(101, 102, [0, 0, 0], -20, events);

        Assert.Equal(start.AddSeconds(100), Assert.Single(events).Time);
    }

    /// <summary>
    /// A detector on a live clock that advances with the audio, as capture does: when the window ending at input
    /// position p is pushed, the clock reads (its time at position 0) + p.
    /// </summary>
    private sealed class Live
    {
        private readonly EventDetector _detector;
        private double _position;

        public Live(DetectionOptions o, DateTimeOffset atPositionZero)
        {
            Clock = new FakeTimeProvider(atPositionZero.AddSeconds(0.5)) { AutoAdvanceAmount = TimeSpan.Zero };
            Clock.SetLocalTimeZone(TimeZoneInfo.Utc);
            _detector = new EventDetector(DetectionRules.From(o, Labels), EventClock.Live(Clock), TimeZoneInfo.Utc);
        }

        public FakeTimeProvider Clock { get; }

        /// <summary>Pushes silence up to <paramref name="at"/>, then a 1 s bark and silence; returns its event, if reported.</summary>
        public DetectedEvent? Bark(double at)
        {
            var events = new List<DetectedEvent>();
            while (_position < at)
            {
                Push([0, 0, 0], events);
            }

            Push([0.9f, 0, 0], events);
            Push([0.9f, 0, 0], events);
            Push([0, 0, 0], events);
            return events.SingleOrDefault();
        }

        /// <summary>Pushes the window [position, position + 1) with a 0.5 s hop.</summary>
        private void Push(float[] scores, List<DetectedEvent> events)
        {
            Clock.Advance(TimeSpan.FromSeconds(0.5));
            _detector.Push(_position, _position + 1, scores, -20, events);
            _position += 0.5;
        }
    }
}
