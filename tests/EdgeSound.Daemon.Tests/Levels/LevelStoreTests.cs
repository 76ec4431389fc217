using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>The SQLite history: survives a reopen, migrates, and never lets a faulty file reach the caller.</summary>
public sealed class LevelStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-hist-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingLogger _log = new();

    private string Db => Path.Combine(_dir, "history.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static MinuteLevels Minute(int m, double laeq = -30, double seconds = 60) =>
        new(T0.AddMinutes(m), seconds, laeq, laeq + 10, laeq + 3, laeq - 1, laeq - 4, null);

    private static DetectedEvent Event(int m, string label = "dog") => new(T0.AddMinutes(m).AddSeconds(5), label, 0.9, (m * 60) + 5, (m * 60) + 7, -20);

    private static OccupancyEntry Occupancy(int m, double active) =>
        new(new MinuteOccupancy(T0.AddMinutes(m), 60, new Dictionary<string, double> { ["dog"] = active }));

    [Fact]
    public void Minutes_occupancy_and_events_survive_closing_and_reopening()
    {
        using (var store = LevelStore.Open(Db, 30, _log))
        {
            Assert.True(store.Write(new LevelsEntry(Minute(0))));
            Assert.True(store.Write(Occupancy(0, 15)));
            Assert.True(store.Write(new LevelsEntry(Minute(1, -40) with { CalibrationDb = 110 })));
            Assert.True(store.Write(new EventEntry(Event(0))));
            Assert.True(store.Write(new EventEntry(Event(1, "siren"))));
        }

        using var again = LevelStore.Open(Db, 30, _log);
        var minutes = again.Minutes(T0, T0.AddMinutes(10));
        Assert.Equal([Minute(0), Minute(1, -40) with { CalibrationDb = 110 }], minutes.Select(r => r.Levels));
        Assert.Equal(0.25, minutes[0].Occupancy["dog"], 9);
        Assert.Empty(minutes[1].Occupancy);
        Assert.Equal([Event(1, "siren"), Event(0)], again.Events(10));
        Assert.Equal([Event(1, "siren")], again.Events(1));
        Assert.Equal(0, again.Failures);
    }

    [Fact]
    public void A_minute_cut_by_a_restart_is_merged_by_energy_and_occupancy_adds_up()
    {
        using var store = LevelStore.Open(Db, 30, _log);
        store.Write(new LevelsEntry(Minute(0, -30, seconds: 20)));
        store.Write(new LevelsEntry(Minute(0, -40, seconds: 40)));
        store.Write(Occupancy(0, 10));
        store.Write(Occupancy(0, 5));
        var m = Assert.Single(store.Minutes(T0, T0.AddMinutes(1)));
        Assert.Equal(60, m.Levels.Seconds, 9);
        Assert.Equal(10 * Math.Log10(((20 * 1e-3) + (40 * 1e-4)) / 60), m.Levels.LAeq, 9);
        Assert.Equal(-20, m.Levels.LAFmax, 9);
        Assert.Equal(15 / 120.0, m.Occupancy["dog"], 9);
    }

    [Fact]
    public void An_entry_stamped_in_the_future_prunes_nothing_the_wall_clock_still_keeps()
    {
        // A recording whose modification time (or bext origination) lies decades ahead, or a clock set wrong, stamps
        // its entries there: the history kept before it must survive.
        var clock = new FakeTimeProvider(T0.AddMinutes(5));
        using var store = LevelStore.Open(Db, 2, _log, clock);
        store.Write(new LevelsEntry(Minute(0)));
        store.Write(new EventEntry(Event(0)));
        var future = T0.AddYears(73);
        store.Write(new LevelsEntry(new MinuteLevels(future, 60, -30, -20, -27, -31, -34, null)));
        Assert.Equal([T0, future], store.Minutes(T0, future.AddMinutes(1)).Select(r => r.Levels.Start));
        Assert.Equal([Event(0)], store.Events(10));

        clock.SetUtcNow(T0.AddDays(3));
        store.Write(new LevelsEntry(Minute((3 * 24 * 60) - 1)));
        Assert.Equal([T0.AddMinutes((3 * 24 * 60) - 1), future], store.Minutes(T0, future.AddMinutes(1)).Select(r => r.Levels.Start));
    }

    [Fact]
    public void Entries_older_than_the_history_days_are_pruned()
    {
        using var store = LevelStore.Open(Db, 2, _log);
        store.Write(new LevelsEntry(Minute(0)));
        store.Write(new EventEntry(Event(0)));
        store.Write(new LevelsEntry(Minute((2 * 24 * 60) - 1)));
        Assert.Equal(2, store.Minutes(T0, T0.AddDays(3)).Count);
        store.Write(new LevelsEntry(Minute((2 * 24 * 60) + 1)));
        Assert.Equal([T0.AddMinutes((2 * 24 * 60) - 1), T0.AddMinutes((2 * 24 * 60) + 1)], store.Minutes(T0, T0.AddDays(3)).Select(r => r.Levels.Start));
        Assert.Empty(store.Events(10));
    }

    [Fact]
    public void An_entry_dated_far_ahead_of_the_clock_prunes_nothing_until_that_much_time_has_passed()
    {
        // A file whose modification time lies years ahead, or a wall clock stepped forward mid-run, dates entries a
        // year ahead: retention counts from the clock the store runs on, so they do not wipe the history.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0.AddMinutes(1));
        using var store = LevelStore.Open(Db, 30, _log, clock);
        store.Write(new LevelsEntry(Minute(0)));
        store.Write(new EventEntry(Event(0)));
        store.Write(new LevelsEntry(Minute(365 * 24 * 60)));
        store.Write(new EventEntry(Event(365 * 24 * 60, "siren")));
        Assert.Equal([T0, T0.AddDays(365)], store.Minutes(T0, T0.AddDays(400)).Select(r => r.Levels.Start));
        Assert.Equal([Event(365 * 24 * 60, "siren"), Event(0)], store.Events(10));

        clock.Advance(TimeSpan.FromDays(31));
        store.Write(new LevelsEntry(Minute(31 * 24 * 60)));
        Assert.Equal([T0.AddDays(31), T0.AddDays(365)], store.Minutes(T0, T0.AddDays(400)).Select(r => r.Levels.Start));
        Assert.Equal([Event(365 * 24 * 60, "siren")], store.Events(10));
    }

    [Fact]
    public void An_older_schema_is_migrated_and_a_newer_one_left_untouched()
    {
        using (var store = LevelStore.Open(Db, 30, _log))
        {
            store.Write(new LevelsEntry(Minute(0)));
        }

        using (var db = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            db.Open();
            Assert.Equal(HistorySchema.Current, HistorySchema.Version(db));
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE schema_version SET version = 99";
            cmd.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(Db);
        using (var newer = LevelStore.Open(Db, 30, _log))
        {
            Assert.False(newer.Write(new LevelsEntry(Minute(1))));
            Assert.Contains("history is off for this run", Assert.Throws<HistoryUnavailableException>(() => newer.Minutes(T0, T0.AddMinutes(5))).Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(Db));
        Assert.Contains(_log.At(LogLevel.Error), m => m.Contains("schema version 99, newer than this release's 1", StringComparison.Ordinal) && m.Contains("left untouched", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_file_is_moved_aside_and_a_new_history_started()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Db, "this is not a database, it only has the name of one; " + new string('x', 5000));
        using var store = LevelStore.Open(Db, 30, _log);
        Assert.True(store.Write(new LevelsEntry(Minute(0))));
        Assert.Single(store.Minutes(T0, T0.AddMinutes(1)));
        var aside = Assert.Single(Directory.GetFiles(_dir, "history.db.corrupt-*"));
        Assert.StartsWith("this is not a database", File.ReadAllText(aside), StringComparison.Ordinal);
        Assert.True(store.Failures >= 1);
        Assert.Contains(_log.At(LogLevel.Error), m => m.Contains("is corrupt: moved to", StringComparison.Ordinal));
    }

    [Fact]
    public void A_locked_database_keeps_entries_in_memory_and_writes_them_once_free()
    {
        using var store = LevelStore.Open(Db, 30, _log);
        store.Write(new LevelsEntry(Minute(0)));
        using (var other = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            other.Open();
            using var tx = other.BeginTransaction();
            using (var cmd = other.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "DELETE FROM events";
                cmd.ExecuteNonQuery();
            }

            Assert.False(store.Write(new LevelsEntry(Minute(1))));
            Assert.False(store.Write(new EventEntry(Event(1))));
            Assert.Equal(2, store.Pending);
            Assert.Equal(2, store.Failures);
            tx.Rollback();
        }

        Assert.True(store.Write(new LevelsEntry(Minute(2))));
        Assert.Equal(0, store.Pending);
        Assert.Equal(3, store.Minutes(T0, T0.AddMinutes(5)).Count);
        Assert.Equal([Event(1)], store.Events(5));
        Assert.Contains(_log.At(LogLevel.Warning), m => m.Contains("database is locked", StringComparison.Ordinal) && m.Contains("listening goes on", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unwritable_place_never_throws_and_counts_its_faults()
    {
        Directory.CreateDirectory(_dir);
        var blocker = Path.Combine(_dir, "not-a-dir");
        File.WriteAllText(blocker, "");
        using var store = LevelStore.Open(Path.Combine(blocker, "history.db"), 30, _log);
        Assert.False(store.Write(new LevelsEntry(Minute(0))));
        Assert.StartsWith(Path.Combine(blocker, "history.db") + ": ", Assert.Throws<HistoryUnavailableException>(() => store.Minutes(T0, T0.AddMinutes(1))).Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Pending);
        Assert.True(store.Failures >= 2);
    }
}
