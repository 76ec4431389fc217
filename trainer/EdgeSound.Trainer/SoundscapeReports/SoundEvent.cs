namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// One event the daemon detected, as its <c>--events</c> line or its history's <c>events</c> row gives it:
/// <see cref="Time"/> the wall-clock time it was reported (UTC), <see cref="Score"/> in [0, 1],
/// <see cref="LevelDbfs"/> the event's level in dBFS (unweighted, full scale = 0 dBFS).
/// </summary>
public sealed record SoundEvent(DateTimeOffset Time, string Label, double Score, double LevelDbfs);
