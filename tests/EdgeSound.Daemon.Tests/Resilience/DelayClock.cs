using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace EdgeSound.Daemon.Tests.Resilience;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (time stands still) that reports each timer created on it, so that a test learns
/// the delay a waiter asked for and advances the clock by exactly that much once the waiter is waiting: no real
/// waiting, and no race between advancing the clock and the creation of the timer.
/// </summary>
internal sealed class DelayClock : TimeProvider
{
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _fake = new() { AutoAdvanceAmount = TimeSpan.Zero };
    private readonly BlockingCollection<TimeSpan> _timers = [];

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        _timers.Add(dueTime);
        return timer;
    }

    /// <summary>Waits (up to 15 s of real time) for the next timer to be created and returns its due time.</summary>
    public TimeSpan NextTimer()
    {
        if (!_timers.TryTake(out var due, RealTimeout))
        {
            throw new TimeoutException($"no timer was created within {RealTimeout.TotalSeconds} s");
        }

        return due;
    }

    /// <summary>Moves the clock on by <paramref name="delay"/>, firing the timers due by then.</summary>
    public void Advance(TimeSpan delay) => _fake.Advance(delay);

    /// <summary><see cref="NextTimer"/>, then <see cref="Advance"/> by its due time; returns that.</summary>
    public TimeSpan ElapseNext()
    {
        var due = NextTimer();
        Advance(due);
        return due;
    }
}
