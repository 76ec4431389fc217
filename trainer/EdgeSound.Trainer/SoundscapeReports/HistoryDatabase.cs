using System.Globalization;
using EdgeSound.Daemon.Levels;
using Microsoft.Data.Sqlite;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Reads the daemon's SQLite history (<c>&lt;state_dir&gt;/history.db</c>) read-only: the <c>minutes</c> table
/// (per-minute LAeq, L10, L50, L90 in dBFS, <c>start_utc</c> in Unix seconds), the <c>occupancy</c> table (active
/// seconds per label and minute) and the <c>events</c> table (<c>time_utc_ms</c> in Unix milliseconds).
/// The file must be at this release's schema version (<see cref="HistorySchema.Current"/>), and every value read is
/// checked: Unix times are integers from <see cref="Earliest"/> to <see cref="Latest"/>, every other value as
/// <see cref="ValueRules"/> has it (numbers by <see cref="ValueRules.HistoryColumns"/>, labels slugs, event times
/// ISO-8601 with an offset, <c>end_s</c> not before <c>start_s</c>).
/// </summary>
public static class HistoryDatabase
{
    /// <summary>The earliest time a history entry may carry (the Unix epoch, UTC).</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The latest time a history entry may carry (9999-01-01 UTC, so a report's range around it stays representable).</summary>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Tables = ["minutes", "occupancy", "events", "schema_version"];

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

            CheckVersion(db, path);
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

    /// <summary>The version in <c>schema_version</c>; a file of another version than this release's
    /// (<see cref="HistorySchema.Current"/>) is refused, since it may hold other tables or meanings.</summary>
    private static void CheckVersion(SqliteConnection db, string path)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT version FROM schema_version";
        using var reader = cmd.ExecuteReader();
        var versions = new List<object>();
        while (reader.Read())
        {
            versions.Add(reader.GetValue(0));
        }

        if (versions is not [long version] || version != HistorySchema.Current)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: schema version {(versions.Count == 0 ? "none" : string.Join(", ", versions.Select(Row.Describe)))} is not the one this release reads ({HistorySchema.Current})"));
        }
    }

    private static Dictionary<long, List<string>> ActiveLabels(SqliteConnection db, string path)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT start_utc, label, active_s, rowid FROM occupancy ORDER BY start_utc, label";
        using var reader = cmd.ExecuteReader();
        var active = new Dictionary<long, List<string>>();
        while (reader.Read())
        {
            var row = new Row(reader, path, "occupancy", reader.GetInt64(3));
            long start = row.UnixTime(0, "start_utc", milliseconds: false);
            string label = row.Label(1, "label");
            if (row.Number(2, "active_s") == 0)
            {
                continue;
            }

            if (!active.TryGetValue(start, out var labels))
            {
                active[start] = labels = [];
            }

            labels.Add(label);
        }

        return active;
    }

    private static List<LevelMinute> ReadMinutes(SqliteConnection db, string path, Dictionary<long, List<string>> active)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT start_utc, seconds, laeq, lafmax, l10, l50, l90, rowid FROM minutes ORDER BY start_utc";
        using var reader = cmd.ExecuteReader();
        var minutes = new List<LevelMinute>();
        while (reader.Read())
        {
            var row = new Row(reader, path, "minutes", reader.GetInt64(7));
            long start = row.UnixTime(0, "start_utc", milliseconds: false);
            double seconds = row.Number(1, "seconds"), laeq = row.Number(2, "laeq");
            row.Number(3, "lafmax"); // checked like every level, though the report does not show it
            minutes.Add(new LevelMinute(
                DateTimeOffset.FromUnixTimeSeconds(start), seconds, laeq, row.Number(4, "l10"),
                row.Number(5, "l50"), row.Number(6, "l90"), active.TryGetValue(start, out var labels) ? labels : []));
        }

        return minutes;
    }

    private static List<SoundEvent> ReadEvents(SqliteConnection db, string path)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT time_utc_ms, time, label, score, start_s, end_s, level_dbfs, rowid FROM events ORDER BY time_utc_ms, id";
        using var reader = cmd.ExecuteReader();
        var events = new List<SoundEvent>();
        while (reader.Read())
        {
            var row = new Row(reader, path, "events", reader.GetInt64(7));
            var time = DateTimeOffset.FromUnixTimeMilliseconds(row.UnixTime(0, "time_utc_ms", milliseconds: true));
            row.CheckTime(1, "time");
            string label = row.Label(2, "label");
            double score = row.Number(3, "score"), start = row.Number(4, "start_s"), end = row.Number(5, "end_s");
            row.Check("end_s", ValueRules.Span(start, end));
            events.Add(new SoundEvent(time, label, score, row.Number(6, "level_dbfs")));
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

        /// <summary>A number (an integer is taken as one) in its column's range, <see cref="ValueRules.HistoryColumns"/>.</summary>
        public double Number(int column, string name) => Reader.GetValue(column) switch
        {
            double d => Checked(name, d),
            long n => Checked(name, n),
            var other => throw Bad(name, $"{Describe(other)} is not a number"),
        };

        /// <summary>A label, as <see cref="ValueRules.Label"/> has it.</summary>
        public string Label(int column, string name) => Reader.GetValue(column) switch
        {
            string text => Check(name, ValueRules.Label(text)) ?? text,
            var other => throw Bad(name, $"{Describe(other)} is not text"),
        };

        /// <summary>Checks an ISO-8601 time with a UTC offset, as <see cref="ValueRules.Time"/> has it.</summary>
        public void CheckTime(int column, string name) =>
            Check(name, Reader.GetValue(column) is string text ? ValueRules.Time(text, out _) : $"{Describe(Reader.GetValue(column))} is not text");

        /// <summary>Throws <see cref="Bad"/> when <paramref name="problem"/> is not null; returns null.</summary>
        public string? Check(string column, string? problem) => problem is null ? null : throw Bad(column, problem);

        private double Checked(string name, double value)
        {
            Check(name, ValueRules.HistoryColumns[(Table, name)].Check(value, Describe(value)));
            return value;
        }

        public InvalidDataException Bad(string column, string problem) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{Path}: table {Table}, row {RowId}, {column}: {problem}"));

        /// <summary>A stored value as a message names it: NULL, text in quotes, a blob by its size, a number as written.</summary>
        public static string Describe(object value) => value switch
        {
            DBNull => "NULL",
            string text => $"text '{text}'",
            byte[] blob => $"a {blob.Length}-byte blob",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
