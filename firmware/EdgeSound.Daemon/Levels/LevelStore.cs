using System.Globalization;
using EdgeSound.Daemon.Detection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The SQLite history (<c>&lt;state_dir&gt;/history.db</c>): per-minute levels and occupancy and the detected events,
/// kept for <c>levels:history_days</c> days before the newest entry, or before the store's clock when that entry is
/// dated later (the wall clock read at open, advanced by the monotonic clock), so an entry dated ahead (a file whose
/// modification time lies in the future, a wall clock stepped forward mid-run) cannot prune the history. A fault
/// never reaches a writer (a read that fails throws <see cref="HistoryUnavailableException"/>, so an unreadable history
/// is not shown as a silent one): an entry that
/// cannot be written (full disk, a database locked longer than the 2 s busy timeout, an unreadable file) stays in
/// memory (up to <see cref="PendingLimit"/>, the oldest dropped beyond that and counted) and is written with the next
/// entry; a corrupt file is moved aside to <c>history.db.corrupt-&lt;UTC time&gt;</c> and a new one started; a file
/// from a newer release is left untouched and history is off for the run; a file deleted while the store runs is
/// started anew at its path by the next operation (what it held is gone; logged). Every fault is counted
/// (<see cref="Failures"/>); a run of faults is logged once when it starts (a warning) and once when writing works
/// again, not once per entry. A minute written twice (a restart within it) is merged: seconds add, LAeq is the
/// energy mean weighted by seconds, LAFmax the larger, the percentiles the seconds-weighted mean (an approximation).
/// Thread-safe (one connection under a lock).
/// </summary>
public sealed class LevelStore : IDisposable
{
    public const int PendingLimit = 10_000;

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly TimeSpan _keep;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _openedAt;
    private readonly long _openedTimestamp;
    private readonly Queue<HistoryEntry> _pending = new();
    private SqliteConnection? _db;
    private bool _off;
    private string? _lastFault;
    private long _failures;
    private long _failuresAtStreakStart = -1;
    private long _lost;
    private long _lostEvents;

    private LevelStore(string path, int historyDays, ILogger log, TimeProvider time)
    {
        _path = path;
        _keep = TimeSpan.FromDays(historyDays);
        _log = log;
        _time = time;
        _openedAt = time.GetUtcNow();
        _openedTimestamp = time.GetTimestamp();
    }

    /// <summary>Opens (creating or migrating) the history at <paramref name="path"/>; never throws for a faulty file.</summary>
    /// <param name="historyDays">Days of entries kept (<c>levels:history_days</c>).</param>
    /// <param name="time">Wall clock (read once, here) and monotonic clock that bound retention; default the system's.</param>
    public static LevelStore Open(string path, int historyDays, ILogger log, TimeProvider? time = null)
    {
        var store = new LevelStore(path, historyDays, log, time ?? TimeProvider.System);
        lock (store._gate)
        {
            store.TryOpen();
        }

        return store;
    }

    /// <summary>True when history is off for this run (a file from a newer release, or the store disposed).</summary>
    public bool Off
    {
        get
        {
            lock (_gate)
            {
                return _off;
            }
        }
    }

    /// <summary>Faults met (open, write or read), each logged.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Entries dropped because more than <see cref="PendingLimit"/> waited.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>
    /// Detected events among the entries that never reached the file: dropped beyond <see cref="PendingLimit"/>, or
    /// still waiting in memory at <see cref="Dispose"/>.
    /// </summary>
    public long LostEvents => Interlocked.Read(ref _lostEvents);

    /// <summary>Entries waiting to be written.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Stores <paramref name="entry"/> (and any entries still waiting); false when it had to wait in memory.</summary>
    public bool Write(HistoryEntry entry)
    {
        lock (_gate)
        {
            if (_off)
            {
                return false;
            }

            _pending.Enqueue(entry);
            if (_pending.Count > PendingLimit)
            {
                if (_pending.Dequeue() is EventEntry)
                {
                    Interlocked.Increment(ref _lostEvents);
                }

                Interlocked.Increment(ref _lost);
            }

            var waited = _pending.Count - 1;
            while (_pending.Count > 0)
            {
                if (!Attempt(db => WriteOne(db, _pending.Peek()), "write"))
                {
                    return false;
                }

                _pending.Dequeue();
            }

            if (_failuresAtStreakStart >= 0)
            {
                _log.LogInformation("History {Path} written again after {Faults} faults: {Waited} entries that waited in memory are stored",
                    _path, Failures - _failuresAtStreakStart, waited);
                _failuresAtStreakStart = -1;
            }

            return true;
        }
    }

    /// <summary>Minutes starting in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    /// <exception cref="HistoryUnavailableException">The file cannot be read (history off for this run, or the read
    /// failed): an empty list would say that nothing was heard.</exception>
    public IReadOnlyList<MinuteRecord> Minutes(DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<MinuteRecord>();
        Read(db => ReadMinutes(db, from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds(), result));
        return result;
    }

    /// <summary>The latest <paramref name="limit"/> events, newest first.</summary>
    /// <exception cref="HistoryUnavailableException">The file cannot be read (history off for this run, or the read failed).</exception>
    public IReadOnlyList<DetectedEvent> Events(int limit)
    {
        var result = new List<DetectedEvent>();
        Read(db => ReadEvents(db, limit, result));
        return result;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_pending.Count > 0)
            {
                var events = _pending.Count(e => e is EventEntry);
                Interlocked.Add(ref _lostEvents, events);
                _log.LogWarning("History {Path}: {Pending} entries that waited in memory are lost at exit ({Events} of them events)", _path, _pending.Count, events);
            }

            _pending.Clear();

            _db?.Dispose();
            _db = null;
            _off = true;
        }
    }

    /// <summary>Runs the query <paramref name="action"/> as <see cref="Attempt"/> does; a read that fails throws, naming the file and the last fault.</summary>
    private void Read(Action<SqliteConnection> action)
    {
        lock (_gate)
        {
            if (!Attempt(action, "read"))
            {
                throw new HistoryUnavailableException(_path, _off ? $"{_lastFault}; history is off for this run" : _lastFault ?? "not open");
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> on an open database; a fault is logged and counted, a corrupt file replaced.</summary>
    private bool Attempt(Action<SqliteConnection> action, string what)
    {
        if (_db is not null && !File.Exists(_path))
        {
            _log.LogWarning("History {Path} is no longer at its path (deleted?): starting a new one there; what the old file held is gone with it", _path);
            CloseConnection();
            foreach (var suffix in (string[])["-wal", "-shm"])
            {
                TryDeleteOrphan(_path + suffix);
            }
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (_db is null && !TryOpen())
            {
                return false;
            }

            try
            {
                action(_db!);
                return true;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase && attempt == 0)
            {
                Fault(what, e.Message);
                Quarantine();
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Fault(what, e.Message);
                CloseConnection();
                return false;
            }
        }

        return false;
    }

    private bool TryOpen()
    {
        if (_off)
        {
            return false;
        }

        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            var db = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = _path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                DefaultTimeout = 2,
                Pooling = false,
            }.ToString());
            try
            {
                db.Open();
                using (var cmd = db.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
                    cmd.ExecuteNonQuery();
                }

                var was = HistorySchema.Migrate(db);
                if (was != HistorySchema.Current)
                {
                    _log.LogInformation("History {Path}: schema version {From} -> {To}", _path, was, HistorySchema.Current);
                }
            }
            catch
            {
                db.Dispose();
                throw;
            }

            _db = db;
            return true;
        }
        catch (HistoryTooNewException e)
        {
            Fault("open", e.Message);
            _log.LogError("History {Path} was written by a newer release ({Reason}): it is left untouched and history is off for this run", _path, e.Message);
            _off = true;
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            Fault("open", e.Message);
            Quarantine();
            return _db is not null;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            Fault("open", e.Message);
            return false;
        }
    }

    /// <summary>Moves a corrupt file (and its WAL) aside, then starts a new one.</summary>
    private void Quarantine()
    {
        CloseConnection();
        var aside = $"{_path}.corrupt-{DateTime.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}";
        try
        {
            File.Move(_path, aside, overwrite: true);
            foreach (var suffix in (string[])["-wal", "-shm"])
            {
                File.Delete(_path + suffix);
            }

            _log.LogError("History {Path} is corrupt: moved to {Aside}, starting a new one", _path, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fault("move aside", e.Message);
            return;
        }

        TryOpen();
    }

    /// <summary>Counts a fault; the first of a run of faults is a warning, the others debug lines until writing works again.</summary>
    private void Fault(string what, string reason)
    {
        _lastFault = $"{what} failed ({reason})";
        var n = Interlocked.Increment(ref _failures);
        var level = _failuresAtStreakStart < 0 ? LogLevel.Warning : LogLevel.Debug;
        if (_failuresAtStreakStart < 0)
        {
            _failuresAtStreakStart = n - 1;
        }

        _log.Log(level, "History {Path}: {Operation} failed ({Reason}); listening goes on, {Pending} entries wait in memory (said once until writing works again), {Failures} faults so far",
            _path, what, reason, _pending.Count, n);
    }

    /// <summary>Deletes a WAL or shared-memory file left behind by a database file that is gone (no connection uses it).</summary>
    private void TryDeleteOrphan(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogDebug("History: cannot delete {Path}: {Reason}", path, e.Message);
        }
    }

    private void CloseConnection()
    {
        _db?.Dispose();
        _db = null;
    }

    private void WriteOne(SqliteConnection db, HistoryEntry entry)
    {
        using var tx = db.BeginTransaction();
        switch (entry)
        {
            case LevelsEntry l:
                WriteMinute(db, tx, Merge(db, tx, l.Levels));
                break;
            case OccupancyEntry o:
                WriteOccupancy(db, tx, o.Occupancy);
                break;
            case EventEntry e:
                WriteEvent(db, tx, e.Event);
                break;
        }

        var now = _openedAt + _time.GetElapsedTime(_openedTimestamp);
        Prune(db, tx, (entry.Time < now ? entry.Time : now) - _keep);
        tx.Commit();
    }

    private static MinuteLevels Merge(SqliteConnection db, SqliteTransaction tx, MinuteLevels m)
    {
        using var cmd = Command(db, tx, "SELECT seconds, laeq, lafmax, l10, l50, l90 FROM minutes WHERE start_utc = $t", ("$t", m.Start.ToUnixTimeSeconds()));
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return m;
        }

        var s0 = r.GetDouble(0);
        var total = s0 + m.Seconds;
        double Mean(int column, double value) => ((s0 * r.GetDouble(column)) + (m.Seconds * value)) / total;
        var energy = ((s0 * Math.Pow(10, r.GetDouble(1) / 10)) + (m.Seconds * Math.Pow(10, m.LAeq / 10))) / total;
        return m with
        {
            Seconds = total,
            LAeq = 10 * Math.Log10(energy),
            LAFmax = Math.Max(r.GetDouble(2), m.LAFmax),
            L10 = Mean(3, m.L10),
            L50 = Mean(4, m.L50),
            L90 = Mean(5, m.L90),
        };
    }

    private static void WriteMinute(SqliteConnection db, SqliteTransaction tx, MinuteLevels m)
    {
        using var cmd = Command(db, tx,
            "INSERT OR REPLACE INTO minutes (start_utc, seconds, laeq, lafmax, l10, l50, l90, calibration_db) VALUES ($t, $s, $laeq, $lafmax, $l10, $l50, $l90, $cal)",
            ("$t", m.Start.ToUnixTimeSeconds()), ("$s", m.Seconds), ("$laeq", m.LAeq), ("$lafmax", m.LAFmax),
            ("$l10", m.L10), ("$l50", m.L50), ("$l90", m.L90), ("$cal", m.CalibrationDb is { } c ? c : DBNull.Value));
        cmd.ExecuteNonQuery();
    }

    private static void WriteOccupancy(SqliteConnection db, SqliteTransaction tx, MinuteOccupancy o)
    {
        var t = o.Start.ToUnixTimeSeconds();
        using (var cmd = Command(db, tx,
            "INSERT INTO occupancy_minutes (start_utc, observed_s) VALUES ($t, $s) ON CONFLICT (start_utc) DO UPDATE SET observed_s = observed_s + excluded.observed_s",
            ("$t", t), ("$s", o.ObservedSeconds)))
        {
            cmd.ExecuteNonQuery();
        }

        foreach (var (label, seconds) in o.ActiveSeconds)
        {
            using var cmd = Command(db, tx,
                "INSERT INTO occupancy (start_utc, label, active_s) VALUES ($t, $l, $s) ON CONFLICT (start_utc, label) DO UPDATE SET active_s = active_s + excluded.active_s",
                ("$t", t), ("$l", label), ("$s", seconds));
            cmd.ExecuteNonQuery();
        }
    }

    private static void WriteEvent(SqliteConnection db, SqliteTransaction tx, DetectedEvent e)
    {
        using var cmd = Command(db, tx,
            "INSERT INTO events (time_utc_ms, time, label, score, start_s, end_s, level_dbfs) VALUES ($ms, $time, $label, $score, $start, $end, $level)",
            ("$ms", e.Time.ToUnixTimeMilliseconds()), ("$time", e.Time.ToString("O", CultureInfo.InvariantCulture)), ("$label", e.Label),
            ("$score", e.Score), ("$start", e.StartSeconds), ("$end", e.EndSeconds), ("$level", e.LevelDbfs));
        cmd.ExecuteNonQuery();
    }

    private static void Prune(SqliteConnection db, SqliteTransaction tx, DateTimeOffset before)
    {
        var t = before.ToUnixTimeSeconds();
        using var cmd = Command(db, tx,
            "DELETE FROM minutes WHERE start_utc < $t; DELETE FROM occupancy_minutes WHERE start_utc < $t; DELETE FROM occupancy WHERE start_utc < $t; DELETE FROM events WHERE time_utc_ms < $ms",
            ("$t", t), ("$ms", before.ToUnixTimeMilliseconds()));
        cmd.ExecuteNonQuery();
    }

    private static void ReadMinutes(SqliteConnection db, long from, long to, List<MinuteRecord> result)
    {
        var shares = new Dictionary<long, Dictionary<string, double>>();
        using (var cmd = Command(db, null,
            "SELECT o.start_utc, o.label, o.active_s / m.observed_s FROM occupancy o JOIN occupancy_minutes m ON m.start_utc = o.start_utc WHERE o.start_utc >= $from AND o.start_utc < $to",
            ("$from", from), ("$to", to)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var t = r.GetInt64(0);
                if (!shares.TryGetValue(t, out var d))
                {
                    shares[t] = d = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                d[r.GetString(1)] = Math.Min(1, r.GetDouble(2));
            }
        }

        using var minutes = Command(db, null,
            "SELECT start_utc, seconds, laeq, lafmax, l10, l50, l90, calibration_db FROM minutes WHERE start_utc >= $from AND start_utc < $to ORDER BY start_utc",
            ("$from", from), ("$to", to));
        using var m = minutes.ExecuteReader();
        while (m.Read())
        {
            var t = m.GetInt64(0);
            var levels = new MinuteLevels(DateTimeOffset.FromUnixTimeSeconds(t), m.GetDouble(1), m.GetDouble(2), m.GetDouble(3),
                m.GetDouble(4), m.GetDouble(5), m.GetDouble(6), m.IsDBNull(7) ? null : m.GetDouble(7));
            result.Add(new MinuteRecord(levels, shares.TryGetValue(t, out var s) ? s : new Dictionary<string, double>()));
        }
    }

    private static void ReadEvents(SqliteConnection db, int limit, List<DetectedEvent> result)
    {
        using var cmd = Command(db, null, "SELECT time, label, score, start_s, end_s, level_dbfs FROM events ORDER BY id DESC LIMIT $n", ("$n", limit));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            result.Add(new DetectedEvent(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5)));
        }
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd;
    }
}
