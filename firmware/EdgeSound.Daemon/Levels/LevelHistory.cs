using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Levels;

/// <summary>The <see cref="ILevelHistory"/> of the running daemon: reads from the <see cref="LevelStore"/>, live readings from the <see cref="LevelFeed"/>.</summary>
public sealed class LevelHistory(LevelStore store, LevelFeed feed, double? calibrationDb, TimeProvider clock) : ILevelHistory
{
    public double? CalibrationDb => calibrationDb;

    public IObservable<LevelReading> Live => feed;

    public IReadOnlyList<MinuteRecord> Recent(int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutes);
        var now = clock.GetUtcNow();
        return store.Minutes(now.AddMinutes(-minutes), now.AddMinutes(1));
    }

    public IReadOnlyList<DetectedEvent> RecentEvents(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return store.Events(limit);
    }
}
