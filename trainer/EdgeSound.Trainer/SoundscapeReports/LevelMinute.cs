namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// One row of the history's <c>minutes</c> table: the minute starting at <see cref="Start"/> (UTC), of which
/// <see cref="Seconds"/> were measured, with its A-weighted levels in dBFS: <see cref="LAeq"/> the equivalent
/// continuous level and <see cref="L10"/>, <see cref="L50"/>, <see cref="L90"/> the levels exceeded during 10, 50 and
/// 90 % of the minute. <see cref="ActiveLabels"/> are the labels with active time in the minute's occupancy rows.
/// </summary>
public sealed record LevelMinute(
    DateTimeOffset Start, double Seconds, double LAeq, double L10, double L50, double L90, IReadOnlyList<string> ActiveLabels);
