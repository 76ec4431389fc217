using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Levels;

/// <summary>One thing to keep in the history: a minute's levels, a minute's occupancy, or a detected event.</summary>
public abstract record HistoryEntry
{
    /// <summary>When it happened (the minute's start, or the event's).</summary>
    public abstract DateTimeOffset Time { get; }
}

public sealed record LevelsEntry(MinuteLevels Levels) : HistoryEntry
{
    public override DateTimeOffset Time => Levels.Start;
}

public sealed record OccupancyEntry(MinuteOccupancy Occupancy) : HistoryEntry
{
    public override DateTimeOffset Time => Occupancy.Start;
}

public sealed record EventEntry(DetectedEvent Event) : HistoryEntry
{
    public override DateTimeOffset Time => Event.Time;
}
