namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Levels of one hour of the day (UTC; 0-23, every day of the range together), in dBFS. From a history:
/// <see cref="Count"/> minutes, <see cref="Leq"/> the seconds-weighted energy mean of their LAeq, and L10, L50, L90
/// the seconds-weighted means of the minutes' own L10, L50, L90 (the approximation the device uses when it merges
/// two rows of one minute). From events alone: <see cref="Count"/> events, <see cref="Leq"/> the energy mean of
/// their levels, and L10, L50, L90 the event levels exceeded by 10, 50 and 90 % of the hour's events.
/// </summary>
public sealed record HourlyLevels(int Hour, int Count, double Leq, double L10, double L50, double L90)
{
    /// <summary>One row per hour of the day that has data, ascending.</summary>
    public static IReadOnlyList<HourlyLevels> Of(SoundscapeData data) => data.FromHistory ? FromMinutes(data.Minutes) : FromEvents(data.Events);

    private static List<HourlyLevels> FromMinutes(IReadOnlyList<LevelMinute> minutes) =>
    [
        .. minutes.GroupBy(m => m.Start.UtcDateTime.Hour).OrderBy(g => g.Key).Select(g =>
        {
            var rows = g.ToList();
            double[] seconds = [.. rows.Select(m => m.Seconds)];
            double total = seconds.Sum();
            double Mean(Func<LevelMinute, double> level) => total > 0 ? rows.Sum(m => m.Seconds * level(m)) / total : double.NaN;
            return new HourlyLevels(g.Key, rows.Count, Percentile.EnergyMean([.. rows.Select(m => m.LAeq)], seconds), Mean(m => m.L10), Mean(m => m.L50), Mean(m => m.L90));
        }),
    ];

    private static List<HourlyLevels> FromEvents(IReadOnlyList<SoundEvent> events) =>
    [
        .. events.GroupBy(e => e.Time.UtcDateTime.Hour).OrderBy(g => g.Key).Select(g =>
        {
            double[] levels = [.. g.Select(e => e.LevelDbfs)];
            return new HourlyLevels(
                g.Key, levels.Length, Percentile.EnergyMean(levels, [.. levels.Select(_ => 1.0)]),
                Percentile.Exceeded(levels, 10), Percentile.Exceeded(levels, 50), Percentile.Exceeded(levels, 90));
        }),
    ];
}
