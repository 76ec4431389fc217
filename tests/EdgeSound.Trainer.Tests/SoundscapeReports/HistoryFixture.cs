using System.Globalization;
using EdgeSound.Daemon.Levels;
using Microsoft.Data.Sqlite;

namespace EdgeSound.Trainer.Tests.SoundscapeReports;

/// <summary>
/// Writes a small history database in the daemon's own schema (<see cref="HistorySchema"/>: minutes,
/// occupancy_minutes, occupancy, events, schema_version), in WAL mode as the daemon keeps it.
/// </summary>
internal sealed class HistoryFixture : IDisposable
{
    private readonly SqliteConnection _db;

    public HistoryFixture(string path, bool withSchema = true)
    {
        Path = path;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Execute("PRAGMA journal_mode=WAL");
        if (withSchema)
        {
            HistorySchema.Migrate(_db);
        }
    }

    public string Path { get; }

    public void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public HistoryFixture Minute(DateTimeOffset start, double seconds, double laeq, double l10, double l50, double l90, params string[] active)
    {
        Execute(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO minutes VALUES ({start.ToUnixTimeSeconds()}, {seconds}, {laeq}, {laeq + 3}, {l10}, {l50}, {l90}, NULL)"));
        Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO occupancy_minutes VALUES ({start.ToUnixTimeSeconds()}, {seconds})"));
        foreach (var label in active)
        {
            Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO occupancy VALUES ({start.ToUnixTimeSeconds()}, '{label}', 12.5)"));
        }

        return this;
    }

    public HistoryFixture Event(DateTimeOffset time, string label, double level)
    {
        Execute(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO events (time_utc_ms, time, label, score, start_s, end_s, level_dbfs) VALUES ({time.ToUnixTimeMilliseconds()}, '{time:O}', '{label}', 0.9, 1, 2, {level})"));
        return this;
    }

    public void Dispose() => _db.Dispose();
}
