using Microsoft.Data.Sqlite;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Reads the daemon's SQLite history (<c>&lt;state_dir&gt;/history.db</c>) read-only: the <c>minutes</c> table
/// (per-minute LAeq, L10, L50, L90 in dBFS, <c>start_utc</c> in Unix seconds), the <c>occupancy</c> table (active
/// seconds per label and minute) and the <c>events</c> table (<c>time_utc_ms</c> in Unix milliseconds).
/// </summary>
public static class HistoryDatabase
{
    private static readonly string[] Tables = ["minutes", "occupancy", "events"];

    /// <returns>minutes and events in time order.</returns>
    /// <exception cref="InvalidDataException">the file is missing, not SQLite, not an EdgeSound history, or empty
    /// (the message names the file).</exception>
    public static SoundscapeData Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file");
        }

        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var db = new SqliteConnection(connection);
            db.Open();
            var missing = Tables.Except(TableNames(db)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{path}: not an EdgeSound history database (no table {string.Join(", ", missing)})");
            }

            var active = ActiveLabels(db);
            var minutes = ReadMinutes(db, active);
            var events = ReadEvents(db);
            if (minutes.Count == 0 && events.Count == 0)
            {
                throw new InvalidDataException($"{path}: the history holds no minutes and no events");
            }

            return new SoundscapeData(path, FromHistory: true, events, minutes);
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"{path}: not a readable EdgeSound history database ({e.Message})", e);
        }
    }

    private static HashSet<string> TableNames(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = cmd.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static Dictionary<long, List<string>> ActiveLabels(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT start_utc, label FROM occupancy WHERE active_s > 0 ORDER BY start_utc, label";
        using var reader = cmd.ExecuteReader();
        var active = new Dictionary<long, List<string>>();
        while (reader.Read())
        {
            long start = reader.GetInt64(0);
            if (!active.TryGetValue(start, out var labels))
            {
                active[start] = labels = [];
            }

            labels.Add(reader.GetString(1));
        }

        return active;
    }

    private static List<LevelMinute> ReadMinutes(SqliteConnection db, Dictionary<long, List<string>> active)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT start_utc, seconds, laeq, l10, l50, l90 FROM minutes ORDER BY start_utc";
        using var reader = cmd.ExecuteReader();
        var minutes = new List<LevelMinute>();
        while (reader.Read())
        {
            long start = reader.GetInt64(0);
            minutes.Add(new LevelMinute(
                DateTimeOffset.FromUnixTimeSeconds(start), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), active.TryGetValue(start, out var labels) ? labels : []));
        }

        return minutes;
    }

    private static List<SoundEvent> ReadEvents(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT time_utc_ms, label, score, level_dbfs FROM events ORDER BY time_utc_ms, id";
        using var reader = cmd.ExecuteReader();
        var events = new List<SoundEvent>();
        while (reader.Read())
        {
            events.Add(new SoundEvent(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3)));
        }

        return events;
    }
}
