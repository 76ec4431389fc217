namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Which labels were active in the loudest minutes. The minutes are ranked by level (from a history: each minute's
/// LAeq; from events alone: the loudest event level reported in the minute) and the loudest
/// <see cref="LoudShare"/> of them (at least one) kept; a label counts for a loud minute when it had active time in the
/// minute's occupancy or an event reported in it. <see cref="ThresholdDb"/> is the quietest kept minute's level (dBFS).
/// </summary>
public sealed record LoudMinuteSources(int LoudMinutes, double ThresholdDb, IReadOnlyList<LoudMinuteSources.Source> Sources)
{
    /// <summary>Share of the minutes counted as loud: the top 10 %, where L10 also draws the line.</summary>
    public const double LoudShare = 0.10;

    /// <summary>A label active in <see cref="Minutes"/> of the loud minutes (<see cref="Share"/> of them, 0..1).</summary>
    public sealed record Source(string Label, int Minutes, double Share);

    /// <summary>Sources most frequent first (ties by name); none when there are no minutes.</summary>
    public static LoudMinuteSources Of(SoundscapeData data)
    {
        var eventsByMinute = data.Events.GroupBy(e => MinuteOf(e.Time)).ToDictionary(g => g.Key, g => g.ToList());
        var ranked = data.FromHistory
            ? data.Minutes.Select(m => (Start: m.Start, Level: m.LAeq, Labels: (IEnumerable<string>)m.ActiveLabels)).ToList()
            : eventsByMinute.Select(p => (Start: p.Key, Level: p.Value.Max(e => e.LevelDbfs), Labels: Enumerable.Empty<string>())).ToList();
        if (ranked.Count == 0)
        {
            return new LoudMinuteSources(0, double.NaN, []);
        }

        int keep = Math.Max(1, (int)Math.Ceiling(ranked.Count * LoudShare));
        var loud = ranked.OrderByDescending(m => m.Level).ThenBy(m => m.Start).Take(keep).ToList();
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in loud)
        {
            var labels = new HashSet<string>(m.Labels, StringComparer.Ordinal);
            if (eventsByMinute.TryGetValue(m.Start, out var events))
            {
                labels.UnionWith(events.Select(e => e.Label));
            }

            foreach (var l in labels)
            {
                tally[l] = tally.GetValueOrDefault(l) + 1;
            }
        }

        var sources = tally.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new Source(p.Key, p.Value, p.Value / (double)loud.Count)).ToList();
        return new LoudMinuteSources(loud.Count, loud[^1].Level, sources);
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset t) =>
        new(t.UtcDateTime.Year, t.UtcDateTime.Month, t.UtcDateTime.Day, t.UtcDateTime.Hour, t.UtcDateTime.Minute, 0, TimeSpan.Zero);
}
