namespace EdgeSound.Daemon.Levels;

/// <summary>One minute of history: its levels and the share (0..1) of it each active label occupied.</summary>
public sealed record MinuteRecord(MinuteLevels Levels, IReadOnlyDictionary<string, double> Occupancy);
