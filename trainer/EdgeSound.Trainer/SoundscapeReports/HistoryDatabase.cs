using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Reads the daemon's SQLite history (<c>&lt;state_dir&gt;/history.db</c>) read-only: the <c>minutes</c> table
/// (per-minute LAeq, L10, L50, L90 in dBFS, <c>start_utc</c> in Unix seconds), the <c>occupancy</c> table (active
/// seconds per label and minute) and the <c>events</c> table (<c>time_utc_ms</c> in Unix milliseconds).
/// Every value read is checked: times are integers from <see cref="Earliest"/> to <see cref="Latest"/>, levels,
/// seconds and scores finite numbers (seconds not negative), labels text.
/// </summary>
public static class HistoryDatabase
{
    /// <summary>The earliest time a history entry may carry (the Unix epoch, UTC).</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The latest time a history entry may carry (9999-01-01 UTC, so a report's range around it stays representable).</summary>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Tables = ["minutes", "occupancy", "events"];

    /// <returns>minutes and events in time order.</returns>
    /// <exception cref="InvalidDataException">the file is missing, a directory, not SQLite, not an EdgeSound history,
    /// or empty, or a value in it has the wrong type or is out of range (the message names the file, and the table,
    /// row and column of a bad value).</exception>
    public static SoundscapeData Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path}: is a directory, not a history database");
        }

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

            var active = ActiveLabels(db, path);
            var minutes = ReadMinutes(db, path, active);
            var events = ReadEvents(db, path);
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

    private static Dictionary<long, List<string>> ActiveLabels(SqliteConnection db, string path)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT start_utc, label, rowid FROM occupancy WHERE active_s > 0 ORDER BY start_utc, label";
        using var reader = cmd.ExecuteReader();
        var active = new Dictionary<long, List<string>>();
        while (reader.Read())
        {
            var row = new Row(reader, path, "occupancy", reader.GetInt64(2));
            long start = row.UnixTime(0, "start_utc", milliseconds: false);
            if (!active.TryGetValue(start, out var labels))
            {
                active[start] = labels = [];
            }

            labels.Add(row.Text(1, "label"));
        }

        return active;
    }

    private static List<LevelMinute> ReadMinutes(SqliteConnection db, string path, Dictionary<long, List<string>> active)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT start_utc, seconds, laeq, l10, l50, l90, rowid FROM minutes ORDER BY start_utc";
        using var reader = cmd.ExecuteReader();
        var minutes = new List<LevelMinute>();
        while (reader.Read())
        {
            var row = new Row(reader, path, "minutes", reader.GetInt64(6));
            long start = row.UnixTime(0, "start_utc", milliseconds: false);
            double seconds = row.Real(1, "seconds");
            if (seconds < 0)
            {
                throw row.Bad("seconds", $"{seconds.ToString(CultureInfo.InvariantCulture)} is negative");
            }

            minutes.Add(new LevelMinute(
                DateTimeOffset.FromUnixTimeSeconds(start), seconds, row.Real(2, "laeq"), row.Real(3, "l10"),
                row.Real(4, "l50"), row.Real(5, "l90"), active.TryGetValue(start, out var labels) ? labels : []));
        }

        return minutes;
    }

    private static List<SoundEvent> ReadEvents(SqliteConnection db, string path)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT time_utc_ms, label, score, level_dbfs, rowid FROM events ORDER BY time_utc_ms, id";
        using var reader = cmd.ExecuteReader();
        var events = new List<SoundEvent>();
        while (reader.Read())
        {
            var row = new Row(reader, path, "events", reader.GetInt64(4));
            events.Add(new SoundEvent(
                DateTimeOffset.FromUnixTimeMilliseconds(row.UnixTime(0, "time_utc_ms", milliseconds: true)),
                row.Text(1, "label"), row.Real(2, "score"), row.Real(3, "level_dbfs")));
        }

        return events;
    }

    /// <summary>The current row of a query, read value by value with its type and range checked.</summary>
    private readonly record struct Row(SqliteDataReader Reader, string Path, string Table, long RowId)
    {
        /// <summary>An integer Unix time (seconds or milliseconds) from <see cref="Earliest"/> to <see cref="Latest"/>.</summary>
        public long UnixTime(int column, string name, bool milliseconds)
        {
            long min = milliseconds ? Earliest.ToUnixTimeMilliseconds() : Earliest.ToUnixTimeSeconds();
            long max = milliseconds ? Latest.ToUnixTimeMilliseconds() : Latest.ToUnixTimeSeconds();
            return Reader.GetValue(column) switch
            {
                long t when t >= min && t <= max => t,
                long t => throw Bad(name, string.Create(CultureInfo.InvariantCulture,
                    $"{t} is outside {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd} (Unix {(milliseconds ? "milliseconds" : "seconds")})")),
                var other => throw Bad(name, $"{Describe(other)} is not an integer Unix time"),
            };
        }

        /// <summary>A finite number (an integer is taken as one).</summary>
        public double Real(int column, string name) => Reader.GetValue(column) switch
        {
            double d when double.IsFinite(d) => d,
            long n => n,
            var other => throw Bad(name, $"{Describe(other)} is not a finite number"),
        };

        public string Text(int column, string name) => Reader.GetValue(column) switch
        {
            string text => text,
            var other => throw Bad(name, $"{Describe(other)} is not text"),
        };

        public InvalidDataException Bad(string column, string problem) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{Path}: table {Table}, row {RowId}, {column}: {problem}"));

        private static string Describe(object value) => value switch
        {
            DBNull => "NULL",
            string text => $"text '{text}'",
            byte[] blob => $"a {blob.Length}-byte blob",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
