using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>What the outbox does with a new alert when <c>max_events</c> are already waiting.</summary>
public enum OutboxFullPolicy
{
    /// <summary>Forget the oldest waiting alert to make room (the newest news wins).</summary>
    DropOldest,

    /// <summary>Refuse the new alert (the oldest waiting alerts are kept).</summary>
    DropNewest,
}

/// <summary>An alert waiting for delivery: its sequence number (increasing) and payload.</summary>
public sealed record OutboxEntry(long Sequence, byte[] Payload);

/// <summary>
/// A bounded queue of alerts waiting for the broker's PUBACK, mirrored in an append-only journal (records framed by
/// <see cref="OutboxRecord"/>) that is fsync'd after every write, so nothing accepted from the detector is lost to a
/// crash or a restart.
/// <para>At open every intact record is recovered, around damage too (<see cref="OutboxRecovery"/>): the log says how
/// many alerts were kept and how many the damage destroyed, and a damaged journal is rewritten; a torn tail is cut
/// off. When most of the file is removed entries it is rewritten (temp file, fsync, atomic rename, fsync directory).</para>
/// <para>A journal that cannot be written (a full disk, an I/O error) never stops the caller: the outbox keeps the
/// alerts in memory under the same bound and policy (MQTT still delivers them) and <see cref="TryRestoreJournal"/>
/// writes them all back once the disk takes writes again. Alerts held only in memory when the process ends are lost;
/// <see cref="Dispose"/> tries the journal once more and logs how many.</para>
/// <para>A journal deleted, moved away or replaced while the outbox runs (its path no longer holds the file written,
/// by existence and length) is rewritten from memory at its path before the next write, by
/// <see cref="TryRestoreJournal"/> and at <see cref="Dispose"/>, so a later restart still finds every waiting alert.</para>
/// </summary>
public sealed class Outbox : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<OutboxEntry> _pending = new();
    private readonly List<byte> _buffer = [];
    private readonly ILogger _log;
    private readonly long _compactBytes;
    private SafeFileHandle? _file;
    private long _length;
    private long _nextSequence;
    private long _removedThrough = -1;
    private long _durableThrough = -1;
    private string? _writeFailure;

    private Outbox(string path, int maxEvents, OutboxFullPolicy policy, ILogger log, long compactBytes)
    {
        Path = path;
        MaxEvents = maxEvents;
        Policy = policy;
        _log = log;
        _compactBytes = compactBytes;
    }

    public string Path { get; }
    public int MaxEvents { get; }
    public OutboxFullPolicy Policy { get; }

    /// <summary>Alerts dropped by the <c>max_events</c> bound (this process).</summary>
    public long Dropped { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>True while every waiting alert is in the journal; false while some are held only in memory.</summary>
    public bool Durable
    {
        get
        {
            lock (_gate)
            {
                return _writeFailure is null;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the journal and loads the entries still waiting, oldest first. A journal that cannot be
    /// created or written (a full disk) opens in memory (see <see cref="Durable"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds no magic and no intact record: not an outbox journal.</exception>
    /// <exception cref="IOException">An existing journal cannot be read.</exception>
    public static Outbox Open(string path, int maxEvents, OutboxFullPolicy policy, ILogger? log = null, long compactBytes = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        var outbox = new Outbox(path, maxEvents, policy, log ?? NullLogger.Instance, compactBytes);
        try
        {
            outbox.Load();
        }
        catch
        {
            outbox._file?.Dispose();
            throw;
        }

        return outbox;
    }

    /// <summary>Entries waiting, oldest first (a snapshot).</summary>
    public IReadOnlyList<OutboxEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _pending];
        }
    }

    /// <summary>The oldest waiting entry, or null.</summary>
    public OutboxEntry? Peek()
    {
        lock (_gate)
        {
            return _pending.First?.Value;
        }
    }

    /// <summary>
    /// Adds an alert: in the journal when this returns, or in memory while the journal cannot be written. Returns
    /// false when it was refused (full, drop_newest).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The payload is longer than 65536 bytes.</exception>
    public bool Enqueue(ReadOnlySpan<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, OutboxRecord.MaxPayload, nameof(payload));
        lock (_gate)
        {
            if (_pending.Count >= MaxEvents && Policy == OutboxFullPolicy.DropNewest)
            {
                Dropped++;
                _log.LogWarning("Outbox {Path} full ({MaxEvents} alerts waiting): new alert dropped (policy drop_newest, {Dropped} dropped so far)", Path, MaxEvents, Dropped);
                return false;
            }

            _buffer.Clear();
            if (_pending.Count >= MaxEvents)
            {
                var oldest = _pending.First!.Value;
                _pending.RemoveFirst();
                Dropped++;
                _removedThrough = oldest.Sequence;
                _log.LogWarning("Outbox {Path} full ({MaxEvents} alerts waiting): oldest alert {Sequence} dropped (policy drop_oldest, {Dropped} dropped so far)", Path, MaxEvents, oldest.Sequence, Dropped);
                OutboxRecord.Encode(_buffer, OutboxRecord.Removal, oldest.Sequence, []);
            }

            var entry = new OutboxEntry(_nextSequence++, payload.ToArray());
            OutboxRecord.Encode(_buffer, OutboxRecord.Entry, entry.Sequence, payload);
            _pending.AddLast(entry);
            if (Append())
            {
                _durableThrough = entry.Sequence;
            }

            return true;
        }
    }

    /// <summary>
    /// Removes every waiting entry up to and including <paramref name="sequence"/> (they were delivered, in order).
    /// Returns false when nothing was waiting at or below it (for example, it was dropped meanwhile).
    /// </summary>
    public bool Remove(long sequence)
    {
        lock (_gate)
        {
            if (_pending.First is null || _pending.First.Value.Sequence > sequence)
            {
                return false;
            }

            while (_pending.First is { } node && node.Value.Sequence <= sequence)
            {
                _pending.RemoveFirst();
            }

            _removedThrough = sequence;
            _buffer.Clear();
            OutboxRecord.Encode(_buffer, OutboxRecord.Removal, sequence, []);
            if (Append() && _length > _compactBytes && _pending.Count * 4 < MaxEvents)
            {
                Rewrite("compaction");
            }

            return true;
        }
    }

    /// <summary>
    /// While alerts are held only in memory, tries to rewrite the journal with every waiting alert. Returns true when
    /// the journal holds them all (also when nothing was held).
    /// </summary>
    public bool TryRestoreJournal()
    {
        lock (_gate)
        {
            if (_writeFailure is null)
            {
                return RewriteIfGone();
            }

            var held = HeldInMemory();
            if (!Rewrite(null))
            {
                return false;
            }

            _log.LogInformation("Outbox {Path}: the journal takes writes again; {Waiting} waiting alerts written back ({Held} of them were held only in memory)",
                Path, _pending.Count, held);
            return true;
        }
    }

    /// <summary>Alerts that only memory held when the outbox was disposed, lost with the process (0 until then).</summary>
    public int LostAtExit { get; private set; }

    public void Dispose()
    {
        lock (_gate)
        {
            RewriteIfGone();

            // The last chance to store what memory holds, and the removals since the failure (else resent after restart).
            if (_writeFailure is not null && HeldInMemory() is var held && !Rewrite(null) && held > 0)
            {
                LostAtExit = held;
                _log.LogError("Outbox {Path}: {Lost} alerts held only in memory are lost at exit: the journal cannot be written ({Reason})", Path, held, _writeFailure);
            }

            _file?.Dispose();
            _file = null;
        }
    }

    private void Load()
    {
        byte[] data;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            _file = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            data = ReadAll(_file);
        }
        catch (Exception e) when (e is IOException && !File.Exists(Path))
        {
            Fail(e);
            return;
        }

        var scan = OutboxRecovery.Scan(data);
        if (scan.Foreign)
        {
            throw new InvalidDataException($"{Path}: not an EdgeSound outbox journal (bad magic, no intact record); move it away to start a new one");
        }

        foreach (var entry in scan.Pending)
        {
            _pending.AddLast(entry);
        }

        _removedThrough = scan.RemovedThrough;
        _nextSequence = scan.LastSequence + 1;
        _durableThrough = scan.LastSequence;
        _length = scan.ReadableLength;
        Report(scan);
        TrimToBound();
        if (scan.NeedsRewrite || _length < OutboxRecord.Magic.Length)
        {
            Rewrite(scan.NeedsRewrite ? "recovery" : null);
        }
        else if (scan.TailBytes > 0)
        {
            Truncate();
        }
        else if (_length > _compactBytes && _pending.Count * 4 < MaxEvents)
        {
            Rewrite("compaction");
        }
    }

    private void Report(OutboxRecovery scan)
    {
        if (scan.NeedsRewrite)
        {
            _log.LogWarning("Outbox {Path} was damaged in {Places} place(s): {Kept} waiting alerts kept, {Lost} alerts dropped with their damaged records ({Intact} intact records read, {Duplicates} duplicates ignored); rewriting it",
                Path, scan.DamagedStretches, _pending.Count, scan.LostEntries, scan.IntactRecords, scan.Duplicates);
        }

        if (scan.TailBytes > 0)
        {
            _log.LogWarning("Outbox {Path}: cut {Bytes} unreadable bytes at its end (an interrupted write or appended data): {Torn} torn alert record(s) dropped, {Kept} waiting alerts kept",
                Path, scan.TailBytes, scan.TornTailEntries, _pending.Count);
        }

        if (_pending.Count > 0)
        {
            _log.LogInformation("Outbox {Path}: {Count} alerts waiting from before the restart", Path, _pending.Count);
        }
    }

    private void TrimToBound()
    {
        var trimmed = 0;
        while (_pending.Count > MaxEvents)
        {
            _removedThrough = _pending.First!.Value.Sequence;
            _pending.RemoveFirst();
            trimmed++;
        }

        if (trimmed > 0)
        {
            Dropped += trimmed;
            _log.LogWarning("Outbox {Path}: {Count} alerts on disk exceed max_events {MaxEvents}; the {Dropped} oldest dropped", Path, _pending.Count + trimmed, MaxEvents, trimmed);
        }
    }

    /// <summary>Writes the encoded records in <see cref="_buffer"/> at the journal's end and fsyncs; false when held in memory.</summary>
    private bool Append()
    {
        if (_writeFailure is not null || _file is null)
        {
            return false;
        }

        if (JournalGone())
        {
            return RewriteIfGone();
        }

        try
        {
            var bytes = CollectionsMarshal.AsSpan(_buffer);
            RandomAccess.Write(_file, bytes, _length);
            RandomAccess.FlushToDisk(_file);
            _length += bytes.Length;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
            return false;
        }
    }

    private void Truncate()
    {
        try
        {
            RandomAccess.SetLength(_file!, _length);
            RandomAccess.FlushToDisk(_file!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
        }
    }

    /// <summary>
    /// Whether the path no longer holds the journal this outbox writes: missing (deleted, moved away) or of another
    /// length (replaced). Only asked while the journal takes writes, when its length on disk is known.
    /// </summary>
    private bool JournalGone()
    {
        var file = new FileInfo(Path);
        return !file.Exists || file.Length != _length;
    }

    /// <summary>
    /// Rewrites the journal at its path from memory (every waiting alert and the removal mark) when it is gone;
    /// true when the path holds the journal afterwards. The records the outbox was about to append are in memory
    /// already, so the rewrite carries them.
    /// </summary>
    private bool RewriteIfGone()
    {
        if (_writeFailure is not null || _file is null || !JournalGone())
        {
            return _writeFailure is null;
        }

        _log.LogWarning("Outbox {Path}: the journal is no longer at its path (deleted or moved?); writing it again with the {Waiting} waiting alerts", Path, _pending.Count);
        return Rewrite(null);
    }

    /// <summary>Enters memory mode: cuts a partly written record off the journal's end (best effort) and says so once.</summary>
    private void Fail(Exception e)
    {
        var first = _writeFailure is null;
        _writeFailure = e.Message;
        if (_file is not null)
        {
            try
            {
                RandomAccess.SetLength(_file, _length);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                _log.LogDebug("Outbox {Path}: cannot cut the partial write either: {Reason}", Path, again.Message);
            }
        }

        if (first)
        {
            _log.LogWarning("Outbox {Path}: cannot write the journal ({Reason}); alerts are kept in memory (at most {MaxEvents}) and MQTT still delivers them, until the journal can be rewritten",
                Path, e.Message, MaxEvents);
        }
    }

    /// <summary>
    /// Rewrites the journal from memory (temp file, fsync, atomic rename, fsync directory). On failure the old journal
    /// stays and the outbox is (or stays) in memory mode; <paramref name="why"/> names a rewrite worth a debug line.
    /// </summary>
    private bool Rewrite(string? why)
    {
        var temp = Path + ".tmp";
        _buffer.Clear();
        _buffer.AddRange(OutboxRecord.Magic);
        if (_removedThrough >= 0)
        {
            OutboxRecord.Encode(_buffer, OutboxRecord.Removal, _removedThrough, []);
        }

        foreach (var e in _pending)
        {
            OutboxRecord.Encode(_buffer, OutboxRecord.Entry, e.Sequence, e.Payload);
        }

        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
            Directory.CreateDirectory(dir);
            using (var t = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(t, CollectionsMarshal.AsSpan(_buffer), 0);
                RandomAccess.FlushToDisk(t);
            }

            File.Move(temp, Path, overwrite: true);
            SyncDirectory(dir);
            var old = _file;
            _file = null;
            old?.Dispose();
            _file = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            Fail(e);
            return false;
        }

        _length = _buffer.Count;
        _durableThrough = _nextSequence - 1;
        _writeFailure = null;
        if (why is not null)
        {
            _log.LogDebug("Outbox {Path} rewritten ({Why}): {Bytes} bytes, {Count} waiting", Path, why, _length, _pending.Count);
        }

        return true;
    }

    private int HeldInMemory() => _pending.Count(e => e.Sequence > _durableThrough);

    private static byte[] ReadAll(SafeFileHandle file)
    {
        var data = new byte[RandomAccess.GetLength(file)];
        var done = 0;
        while (done < data.Length)
        {
            var n = RandomAccess.Read(file, data.AsSpan(done), done);
            if (n == 0)
            {
                Array.Resize(ref data, done);
                break;
            }

            done += n;
        }

        return data;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a leftover temp file; the next rewrite overwrites it.
        }
    }

    private static void SyncDirectory(string dir)
    {
        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Some file systems refuse to open a directory; the rename is still atomic there.
        }
    }
}
