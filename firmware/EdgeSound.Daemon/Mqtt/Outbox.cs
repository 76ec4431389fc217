using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
/// A bounded, on-disk queue of alerts waiting for the broker's PUBACK: an append-only journal, fsync'd after every
/// write, so nothing acknowledged to the detector is lost to a crash or a restart.
/// <para>File: 8-byte magic <c>ESOUTBX1</c>, then records <c>[type:1][seq:8 LE][len:4 LE][crc32:4 LE][payload:len]</c>
/// where the CRC covers type, seq, len and payload. Type <c>E</c> adds entry <c>seq</c>; type <c>R</c> removes every
/// entry up to and including <c>seq</c> (delivered or dropped). A torn or corrupt tail (a crash mid-write) is cut
/// off at open. When most of the file is removed entries it is rewritten (temp file, fsync, rename).</para>
/// </summary>
public sealed class Outbox : IDisposable
{
    private static readonly byte[] Magic = "ESOUTBX1"u8.ToArray();
    private const int HeaderSize = 17;
    private const byte EntryRecord = (byte)'E';
    private const byte RemoveRecord = (byte)'R';

    private readonly object _gate = new();
    private readonly LinkedList<OutboxEntry> _pending = new();
    private readonly ILogger _log;
    private readonly long _compactBytes;
    private FileStream _file;
    private long _nextSequence;
    private long _removedThrough;

    private Outbox(string path, int maxEvents, OutboxFullPolicy policy, ILogger log, long compactBytes, FileStream file)
    {
        Path = path;
        MaxEvents = maxEvents;
        Policy = policy;
        _log = log;
        _compactBytes = compactBytes;
        _file = file;
    }

    public string Path { get; }
    public int MaxEvents { get; }
    public OutboxFullPolicy Policy { get; }

    /// <summary>Alerts dropped because the outbox was full (this process).</summary>
    public long Dropped { get; private set; }

    /// <summary>Raised (outside the lock) after an entry was added.</summary>
    public event Action? Enqueued;

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

    /// <summary>Opens (or creates) the journal and loads the entries still waiting, oldest first.</summary>
    public static Outbox Open(string path, int maxEvents, OutboxFullPolicy policy, ILogger? log = null, long compactBytes = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        log ??= NullLogger.Instance;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        var outbox = new Outbox(path, maxEvents, policy, log, compactBytes, file);
        try
        {
            outbox.Load();
        }
        catch
        {
            file.Dispose();
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

    /// <summary>Appends an alert (durable when this returns). Returns false when it was refused (full, drop_newest).</summary>
    public bool Enqueue(ReadOnlySpan<byte> payload)
    {
        bool added;
        lock (_gate)
        {
            if (_pending.Count >= MaxEvents && Policy == OutboxFullPolicy.DropNewest)
            {
                Dropped++;
                _log.LogWarning("Outbox {Path} full ({MaxEvents} alerts waiting): new alert dropped (policy drop_newest, {Dropped} dropped so far)", Path, MaxEvents, Dropped);
                return false;
            }

            var entry = new OutboxEntry(_nextSequence++, payload.ToArray());
            if (_pending.Count >= MaxEvents)
            {
                var oldest = _pending.First!.Value;
                _pending.RemoveFirst();
                Dropped++;
                _log.LogWarning("Outbox {Path} full ({MaxEvents} alerts waiting): oldest alert {Sequence} dropped (policy drop_oldest, {Dropped} dropped so far)", Path, MaxEvents, oldest.Sequence, Dropped);
                WriteRecord(RemoveRecord, oldest.Sequence, ReadOnlySpan<byte>.Empty, sync: false);
                _removedThrough = oldest.Sequence;
            }

            WriteRecord(EntryRecord, entry.Sequence, entry.Payload, sync: true);
            _pending.AddLast(entry);
            added = true;
        }

        Enqueued?.Invoke();
        return added;
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
            WriteRecord(RemoveRecord, sequence, ReadOnlySpan<byte>.Empty, sync: true);
            if (_file.Length > _compactBytes && _pending.Count * 4 < MaxEvents)
            {
                Compact();
            }

            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private void WriteRecord(byte type, long sequence, ReadOnlySpan<byte> payload, bool sync)
    {
        var record = new byte[HeaderSize + payload.Length];
        EncodeRecord(record, type, sequence, payload);
        _file.Seek(0, SeekOrigin.End);
        _file.Write(record);
        if (sync)
        {
            _file.Flush(flushToDisk: true);
        }
    }

    private static void EncodeRecord(Span<byte> record, byte type, long sequence, ReadOnlySpan<byte> payload)
    {
        record[0] = type;
        BinaryPrimitives.WriteInt64LittleEndian(record[1..], sequence);
        BinaryPrimitives.WriteInt32LittleEndian(record[9..], payload.Length);
        payload.CopyTo(record[HeaderSize..]);
        var crc = Crc32.Compute(record[..13]);
        crc = Crc32.Compute(payload, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(record[13..], crc);
    }

    private void Load()
    {
        var length = _file.Length;
        if (length == 0)
        {
            _file.Write(Magic);
            _file.Flush(flushToDisk: true);
            _removedThrough = -1;
            return;
        }

        var data = new byte[length];
        _file.Seek(0, SeekOrigin.Begin);
        _file.ReadExactly(data);
        if (length < Magic.Length || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{Path}: not an EdgeSound outbox journal (bad magic); move it away to start a new one");
        }

        var entries = new List<OutboxEntry>();
        long removed = -1;
        long next = 0;
        var offset = Magic.Length;
        while (offset < length)
        {
            if (length - offset < HeaderSize)
            {
                break;
            }

            var header = data.AsSpan(offset, HeaderSize);
            var type = header[0];
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(header[1..]);
            var size = BinaryPrimitives.ReadInt32LittleEndian(header[9..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[13..]);
            if (type is not (EntryRecord or RemoveRecord) || size < 0 || size > length - offset - HeaderSize)
            {
                break;
            }

            var payload = data.AsSpan(offset + HeaderSize, size);
            if (Crc32.Compute(payload, Crc32.Compute(header[..13])) != crc)
            {
                break;
            }

            if (type == EntryRecord)
            {
                entries.Add(new OutboxEntry(sequence, payload.ToArray()));
                next = Math.Max(next, sequence + 1);
            }
            else
            {
                removed = Math.Max(removed, sequence);
                next = Math.Max(next, sequence + 1);
            }

            offset += HeaderSize + size;
        }

        if (offset < length)
        {
            _log.LogWarning("Outbox {Path}: cut a torn or corrupt tail of {Bytes} bytes at offset {Offset} (an interrupted write)", Path, length - offset, offset);
            _file.SetLength(offset);
            _file.Flush(flushToDisk: true);
        }

        foreach (var e in entries)
        {
            if (e.Sequence > removed)
            {
                _pending.AddLast(e);
            }
        }

        while (_pending.Count > MaxEvents)
        {
            var oldest = _pending.First!.Value;
            _pending.RemoveFirst();
            Dropped++;
            removed = oldest.Sequence;
            _log.LogWarning("Outbox {Path}: {Count} alerts on disk exceed max_events {MaxEvents}; oldest {Sequence} dropped", Path, _pending.Count + 1, MaxEvents, oldest.Sequence);
        }

        _removedThrough = removed;
        _nextSequence = next;
        if (_pending.Count > 0)
        {
            _log.LogInformation("Outbox {Path}: {Count} alerts waiting from before the restart", Path, _pending.Count);
        }

        if (_file.Length > _compactBytes && _pending.Count * 4 < MaxEvents)
        {
            Compact();
        }
    }

    /// <summary>Rewrites the journal with only the waiting entries (temp file, fsync, atomic rename, fsync directory).</summary>
    private void Compact()
    {
        var temp = Path + ".tmp";
        using (var t = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            t.Write(Magic);
            if (_removedThrough >= 0)
            {
                var r = new byte[HeaderSize];
                EncodeRecord(r, RemoveRecord, _removedThrough, ReadOnlySpan<byte>.Empty);
                t.Write(r);
            }

            foreach (var e in _pending)
            {
                var record = new byte[HeaderSize + e.Payload.Length];
                EncodeRecord(record, EntryRecord, e.Sequence, e.Payload);
                t.Write(record);
            }

            t.Flush(flushToDisk: true);
        }

        _file.Dispose();
        File.Move(temp, Path, overwrite: true);
        SyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        _file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        _log.LogDebug("Outbox {Path} compacted to {Bytes} bytes, {Count} waiting", Path, _file.Length, _pending.Count);
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
