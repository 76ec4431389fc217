namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// What a report is made from: the events, oldest first, and the per-minute levels, oldest first.
/// <see cref="FromHistory"/> is true for a history database (levels come from its minutes), false for an events file
/// (no minutes; levels come from the events' own levels). <see cref="Source"/> names the file it was read from.
/// </summary>
public sealed record SoundscapeData(string Source, bool FromHistory, IReadOnlyList<SoundEvent> Events, IReadOnlyList<LevelMinute> Minutes)
{
    /// <summary>The events and minutes starting in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public SoundscapeData Within(DateTimeOffset from, DateTimeOffset to) => this with
    {
        Events = [.. Events.Where(e => e.Time >= from && e.Time < to)],
        Minutes = [.. Minutes.Where(m => m.Start >= from && m.Start < to)],
    };

    /// <summary>True when there is nothing to report.</summary>
    public bool IsEmpty => Events.Count == 0 && Minutes.Count == 0;
}
