using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>The service API the dashboard reads: recent minutes by the clock, recent events, the live level.</summary>
public sealed class LevelHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 30, 20, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-lh-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Collector : IObserver<LevelReading>
    {
        public List<LevelReading> Readings { get; } = [];
        public bool Completed { get; private set; }
        public void OnCompleted() => Completed = true;
        public void OnError(Exception error) => throw error;
        public void OnNext(LevelReading value) => Readings.Add(value);
    }

    [Fact]
    public void Recent_returns_the_minutes_of_the_last_n_minutes_oldest_first()
    {
        using var store = LevelStore.Open(Path.Combine(_dir, "history.db"), 30, NullLogger.Instance);
        var history = new LevelHistory(store, new LevelFeed(), 120, new FixedClock(Now));
        foreach (var ago in new[] { 90, 10, 3, 0 })
        {
            var start = new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero).AddMinutes(-ago);
            store.Write(new LevelsEntry(new MinuteLevels(start, 60, -30 - ago, -20, -25, -31, -35, 120)));
        }

        Assert.Equal([-40.0, -33, -30], history.Recent(15).Select(m => m.Levels.LAeq));
        Assert.Equal([-30.0], history.Recent(1).Select(m => m.Levels.LAeq));
        Assert.Equal(4, history.Recent(24 * 60).Count);
        Assert.Equal(120, history.CalibrationDb);
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Recent(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => history.RecentEvents(-1));
    }

    [Fact]
    public void Live_subscribers_get_each_reading_until_they_unsubscribe_or_the_input_ends()
    {
        var feed = new LevelFeed();
        using var store = LevelStore.Open(Path.Combine(_dir, "history.db"), 30, NullLogger.Instance);
        ILevelHistory history = new LevelHistory(store, feed, null, new FixedClock(Now));
        var a = new Collector();
        var b = new Collector();
        using var sa = history.Live.Subscribe(a);
        var sb = history.Live.Subscribe(b);
        var meter = new SoundLevelMeter(new InputTimeline(EventClock.Recording(Now))) { Reading = feed.Publish };
        meter.Process(LevelSignals.Tone(1000, -20, 0.5), []);
        sb.Dispose();
        meter.Process(LevelSignals.Tone(1000, -20, 0.5), []);
        feed.Complete();
        Assert.Equal(10, a.Readings.Count);
        Assert.Equal(5, b.Readings.Count);
        Assert.True(a.Completed);
        Assert.False(b.Completed);
        Assert.Equal(-20, a.Readings[^1].LAeq, 0.1);
    }
}
