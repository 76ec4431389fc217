namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>A clock the test sets, in UTC (local time zone UTC).</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(double seconds) => Now = Now.AddSeconds(seconds);
}
