namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Events per label and hour of the day (UTC, every day of the range together): <see cref="Counts"/>[label, hour],
/// labels (rows) ordered by their total, most frequent first, ties by name.
/// </summary>
public sealed record ClassHourCounts(IReadOnlyList<string> Labels, int[,] Counts)
{
    public const int Hours = 24;

    public static ClassHourCounts Of(IReadOnlyList<SoundEvent> events)
    {
        var labels = events.GroupBy(e => e.Label, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var row = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new int[labels.Count, Hours];
        foreach (var e in events)
        {
            counts[row[e.Label], e.Time.UtcDateTime.Hour]++;
        }

        return new ClassHourCounts(labels, counts);
    }
}
