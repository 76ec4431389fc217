using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeSound.Trainer.Tests.SoundscapeReports;

/// <summary>
/// Writes a small history database in the daemon's schema (version 1 of its HistorySchema: minutes,
/// occupancy_minutes, occupancy, events, schema_version), in WAL mode as the daemon keeps it.
/// </summary>
internal sealed class HistoryFixture : IDisposable
{
    private const string Schema =
        """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (1);
        CREATE TABLE minutes (
            start_utc INTEGER PRIMARY KEY, seconds REAL NOT NULL, laeq REAL NOT NULL, lafmax REAL NOT NULL,
            l10 REAL NOT NULL, l50 REAL NOT NULL, l90 REAL NOT NULL, calibration_db REAL);
        CREATE TABLE occupancy_minutes (start_utc INTEGER PRIMARY KEY, observed_s REAL NOT NULL);
        CREATE TABLE occupancy (
            start_utc INTEGER NOT NULL, label TEXT NOT NULL, active_s REAL NOT NULL, PRIMARY KEY (start_utc, label));
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, time_utc_ms INTEGER NOT NULL, time TEXT NOT NULL, label TEXT NOT NULL,
            score REAL NOT NULL, start_s REAL NOT NULL, end_s REAL NOT NULL, level_dbfs REAL NOT NULL);
        CREATE INDEX events_time ON events (time_utc_ms);
        """;

    private readonly SqliteConnection _db;

    public HistoryFixture(string path, bool withSchema = true)
    {
        Path = path;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Execute("PRAGMA journal_mode=WAL");
        if (withSchema)
        {
            Execute(Schema);
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
