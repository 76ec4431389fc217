using Microsoft.Data.Sqlite;

namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The history database's schema and its migrations. <c>schema_version</c> holds one row, the version the file is
/// at; opening applies every later migration in order, each in its own transaction, so a file written by an older
/// release is brought up to date and one from a newer release (after a rollback) is refused untouched.
/// Times are Unix seconds (UTC); levels dBFS.
/// </summary>
public static class HistorySchema
{
    private static readonly string[] Migrations =
    [
        // 1: per-minute levels, occupancy, events.
        """
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
        """,
    ];

    /// <summary>The version this program writes.</summary>
    public static int Current => Migrations.Length;

    /// <summary>Brings the database up to <see cref="Current"/>; returns the version it was at.</summary>
    /// <exception cref="HistoryTooNewException">The file was written by a newer release.</exception>
    /// <exception cref="SqliteException">The file cannot be read or written.</exception>
    public static int Migrate(SqliteConnection db)
    {
        Execute(db, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var found = Version(db);
        if (found > Current)
        {
            throw new HistoryTooNewException(found, Current);
        }

        for (var v = found + 1; v <= Current; v++)
        {
            using var tx = db.BeginTransaction();
            Execute(db, tx, Migrations[v - 1]);
            Execute(db, tx, "DELETE FROM schema_version");
            Execute(db, tx, $"INSERT INTO schema_version (version) VALUES ({v})");
            tx.Commit();
        }

        return found;
    }

    /// <summary>The version the file is at (0: empty).</summary>
    public static int Version(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        return cmd.ExecuteScalar() is long v ? (int)v : 0;
    }

    private static void Execute(SqliteConnection db, SqliteTransaction? tx, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

/// <summary>The history file's schema is newer than this program's (a rollback after an upgrade).</summary>
public sealed class HistoryTooNewException(int found, int known)
    : Exception($"schema version {found}, newer than this release's {known}");

/// <summary>The history file cannot be read now; the message names the file and the fault (the store has logged it).</summary>
public sealed class HistoryUnavailableException(string path, string fault) : IOException($"{path}: {fault}");
