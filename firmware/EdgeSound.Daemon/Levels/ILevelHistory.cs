using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Levels;

/// <summary>What the device has heard, for the dashboard and reports: per-minute history, recent events, the live level.</summary>
public interface ILevelHistory
{
    /// <summary>dB SPL = dBFS + this (<c>levels:calibration_db</c>); null: levels are in dBFS only.</summary>
    double? CalibrationDb { get; }

    /// <summary>The stored minutes that started within the last <paramref name="minutes"/> minutes, oldest first (levels in dBFS).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minutes"/> is not positive.</exception>
    /// <exception cref="HistoryUnavailableException">The history cannot be read (named with its fault).</exception>
    IReadOnlyList<MinuteRecord> Recent(int minutes);

    /// <summary>The latest <paramref name="limit"/> stored events, newest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    /// <exception cref="HistoryUnavailableException">The history cannot be read (named with its fault).</exception>
    IReadOnlyList<DetectedEvent> RecentEvents(int limit);

    /// <summary>The current level: one <see cref="LevelReading"/> every 100 ms while audio flows.</summary>
    IObservable<LevelReading> Live { get; }
}
