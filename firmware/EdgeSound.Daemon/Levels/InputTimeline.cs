using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Levels;

/// <summary>
/// Wall-clock time of input positions for the minutes of levels and occupancy, kept on the clock that events are
/// stamped with (<see cref="EventClock"/>). A recording's clock is its start plus the position, so its timeline never
/// moves. Live input starts on the wall clock at position 0 and follows it: when the clock and origin + position part
/// by more than <see cref="DriftToleranceSeconds"/> (the capture clock drifting from the system clock, a queue that
/// stalled) the origin moves to the clock, and a move of at least <see cref="JumpSeconds"/> is a clock jump (NTP setting
/// a Pi that booted without a real-time clock), after which the meters start a new minute on the new clock.
/// </summary>
/// <param name="clock">The clock events are stamped with; read once per <see cref="Follow"/>.</param>
public sealed class InputTimeline(EventClock clock)
{
    /// <summary>How far, in seconds, the clock may part from origin + position before the origin follows it.</summary>
    public const double DriftToleranceSeconds = 2;

    /// <summary>A move of the origin by at least this many seconds (either way) is a clock jump.</summary>
    public const double JumpSeconds = 60;

    /// <summary>Wall-clock time of input position 0 on the current time base.</summary>
    public DateTimeOffset Origin { get; private set; } = clock.TimeOf(0, 0);

    /// <summary>Clock jumps followed so far.</summary>
    public int Jumps { get; private set; }

    /// <summary>Wall-clock time of the input position <paramref name="seconds"/> (seconds from the input start).</summary>
    public DateTimeOffset At(double seconds) => Origin.AddSeconds(seconds);

    /// <summary>
    /// Reads the clock with the input at <paramref name="seconds"/> and moves the origin to it when they part by more
    /// than <see cref="DriftToleranceSeconds"/>. Returns the move when it is a clock jump (at least
    /// <see cref="JumpSeconds"/>), otherwise null.
    /// </summary>
    public TimeSpan? Follow(double seconds)
    {
        TimeSpan moved = clock.TimeOf(seconds, seconds) - At(seconds);
        if (Math.Abs(moved.TotalSeconds) <= DriftToleranceSeconds)
        {
            return null;
        }

        Origin += moved;
        if (Math.Abs(moved.TotalSeconds) < JumpSeconds)
        {
            return null;
        }

        Jumps++;
        return moved;
    }
}
