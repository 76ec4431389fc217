namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>
/// A clock the test sets, in UTC (local time zone UTC). <see cref="Advance"/> lets time pass (wall clock and
/// timestamps); <see cref="Step"/> sets the wall clock alone, as NTP or an operator does, while no time passes.
/// </summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks;

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(double seconds)
    {
        Now = Now.AddSeconds(seconds);
        _ticks += TimeSpan.FromSeconds(seconds).Ticks;
    }

    public void Step(double seconds) => Now = Now.AddSeconds(seconds);
}
