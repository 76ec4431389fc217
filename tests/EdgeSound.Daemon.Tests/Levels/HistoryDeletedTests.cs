using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>
/// The history database deleted while the daemon runs: the next entry starts a new one at its path (what the old one
/// held is gone with it, which the log says once), instead of writing on into the unlinked file.
/// </summary>
public sealed class HistoryDeletedTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("es-hist-gone-").FullName;

    private string Db => Path.Combine(_dir, "history.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static LevelsEntry Minute(int m) => new(new MinuteLevels(T0.AddMinutes(m), 60, -30, -20, -27, -31, -34, null));

    private static EventEntry Event(int m) => new(new DetectedEvent(T0.AddMinutes(m).AddSeconds(5), "dog", 0.9, (m * 60) + 5, (m * 60) + 7, -20));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Entries_after_a_delete_go_to_a_new_database_at_the_path(bool withWalFiles)
    {
        var log = new RecordingLogger();
        using var store = LevelStore.Open(Db, 30, log);
        Assert.True(store.Write(Minute(0)));
        File.Delete(Db);
        if (withWalFiles)
        {
            File.Delete(Db + "-wal");
            File.Delete(Db + "-shm");
        }

        Assert.True(store.Write(Minute(1)));
        Assert.True(store.Write(Event(1)));

        using var reader = LevelStore.Open(Db, 30, NullLogger.Instance);
        Assert.Equal([T0.AddMinutes(1)], reader.Minutes(T0, T0.AddHours(1)).Select(m => m.Levels.Start));
        Assert.Single(reader.Events(10));
        Assert.Single(log.At(LogLevel.Warning), m => m.Contains("is no longer at its path (deleted?)", StringComparison.Ordinal));
    }
}
