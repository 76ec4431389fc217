using System.Globalization;

namespace EdgeSound.Daemon.Detection;

/// <summary>
/// Gives an event its wall-clock time from its place in the input (seconds from the input's start), in one of two
/// ways. A recording (a file) has a fixed time base, its start: event time = start + position. Live input is stamped
/// from the wall clock at detection: event time = now - (input position at detection - event start), so a clock
/// that NTP corrects mid-run (a Pi without a real-time clock boots on a stale one) is right for every event after the
/// correction, and quiet hours are judged on the current clock. The queue between capture and pipeline (normally a
/// fraction of a second) is not subtracted.
/// </summary>
public abstract class EventClock
{
    /// <summary>What the times are based on, for the log.</summary>
    public abstract string Description { get; }

    /// <summary>The wall-clock time of an event starting at <paramref name="startSeconds"/> and detected when the
    /// input had reached <paramref name="detectedAtSeconds"/>.</summary>
    public abstract DateTimeOffset TimeOf(double startSeconds, double detectedAtSeconds);

    /// <summary>A recording that began at <paramref name="start"/>.</summary>
    public static EventClock Recording(DateTimeOffset start, string source = "recording start") => new RecordingClock(start, source);

    /// <summary>Live input on <paramref name="time"/>'s clock (local time zone offsets).</summary>
    public static EventClock Live(TimeProvider time) => new LiveClock(time);

    private sealed class RecordingClock(DateTimeOffset start, string source) : EventClock
    {
        public override string Description => string.Create(CultureInfo.InvariantCulture, $"recording start {start:yyyy-MM-dd'T'HH:mm:ss.fffzzz} ({source})");

        public override DateTimeOffset TimeOf(double startSeconds, double detectedAtSeconds) => start.AddSeconds(startSeconds);
    }

    private sealed class LiveClock(TimeProvider time) : EventClock
    {
        public override string Description => "wall clock at detection (live input)";

        public override DateTimeOffset TimeOf(double startSeconds, double detectedAtSeconds) =>
            time.GetLocalNow().AddSeconds(-Math.Max(0, detectedAtSeconds - startSeconds));
    }
}
