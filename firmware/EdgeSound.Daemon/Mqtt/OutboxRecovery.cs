namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// Reads an outbox journal's bytes back into the alerts still waiting, recovering every intact record around damage.
/// <para>Records are checked by their framing: a plausible header (type, sequence, length) and the CRC-32 over header
/// and payload. Where a record fails, the scan resynchronises on the next offset at which an intact record starts
/// (a random byte string passes the CRC with probability 2^-32), so one flipped byte costs at most the record it
/// hit. Entry sequences are dense (each alert takes the next number, removals only cut from the front), so the
/// alerts a damaged stretch destroyed are the missing sequences above the last removal. Duplicated records count
/// once. Unreadable bytes after the last intact record are a torn tail (an interrupted write or appended garbage).</para>
/// </summary>
public sealed class OutboxRecovery
{
    private readonly SortedDictionary<long, byte[]> _entries = [];

    private OutboxRecovery()
    {
    }

    /// <summary>The highest sequence a removal record covers (-1: none).</summary>
    public long RemovedThrough { get; private set; } = -1;

    /// <summary>The highest sequence seen in any intact record (-1: none).</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>Intact records read.</summary>
    public int IntactRecords { get; private set; }

    /// <summary>Records read a second time (same type and sequence), ignored.</summary>
    public int Duplicates { get; private set; }

    /// <summary>False when the file's magic was damaged (the records after it were still read).</summary>
    public bool MagicIntact { get; private set; }

    /// <summary>Unreadable stretches followed by intact records.</summary>
    public int DamagedStretches { get; private set; }

    /// <summary>Length of the readable journal: magic plus records up to the last intact one.</summary>
    public long ReadableLength { get; private set; }

    /// <summary>Unreadable bytes after the last intact record (cut off).</summary>
    public long TailBytes { get; private set; }

    /// <summary>Alert records whose header can be read in the unreadable tail (an alert whose write was torn).</summary>
    public int TornTailEntries { get; private set; }

    /// <summary>True when the bytes hold no intact record and not the magic: not a journal at all.</summary>
    public bool Foreign => !MagicIntact && IntactRecords == 0;

    /// <summary>True when the journal needs a rewrite: damage before intact records, or a damaged magic.</summary>
    public bool NeedsRewrite => DamagedStretches > 0 || (!MagicIntact && IntactRecords > 0);

    /// <summary>Alerts waiting (sequence above the last removal), oldest first.</summary>
    public IEnumerable<OutboxEntry> Pending => _entries.Where(e => e.Key > RemovedThrough).Select(e => new OutboxEntry(e.Key, e.Value));

    /// <summary>Alerts destroyed by damage before the last intact record: missing entry sequences above the last removal.</summary>
    public long LostEntries
    {
        get
        {
            var last = _entries.Count > 0 ? _entries.Keys.Max() : -1;
            var expected = Math.Max(0, last - RemovedThrough);
            return expected - _entries.Keys.Count(s => s > RemovedThrough);
        }
    }

    /// <summary>Scans a whole journal file's bytes (any length; never throws).</summary>
    public static OutboxRecovery Scan(ReadOnlySpan<byte> data)
    {
        var r = new OutboxRecovery();
        var magic = OutboxRecord.Magic;
        r.MagicIntact = data.Length >= magic.Length ? data[..magic.Length].SequenceEqual(magic) : magic.StartsWith(data);
        var offset = r.MagicIntact ? Math.Min(magic.Length, data.Length) : 0;
        r.ReadableLength = r.MagicIntact ? offset : 0;
        var damageStart = -1;
        while (offset < data.Length)
        {
            var size = OutboxRecord.TryRead(data[offset..], out var type, out var sequence, out var payload);
            if (size == 0)
            {
                damageStart = damageStart < 0 ? offset : damageStart;
                offset = NextCandidate(data, offset + 1);
                continue;
            }

            if (damageStart >= 0)
            {
                r.DamagedStretches++;
                damageStart = -1;
            }

            r.Apply(type, sequence, payload);
            offset += size;
            r.ReadableLength = offset;
        }

        r.TailBytes = data.Length - r.ReadableLength;
        r.TornTailEntries = CountHeaders(data[(int)r.ReadableLength..]);
        return r;
    }

    private void Apply(byte type, long sequence, ReadOnlySpan<byte> payload)
    {
        IntactRecords++;
        LastSequence = Math.Max(LastSequence, sequence);
        if (type == OutboxRecord.Removal)
        {
            RemovedThrough = Math.Max(RemovedThrough, sequence);
        }
        else if (!_entries.TryAdd(sequence, payload.ToArray()))
        {
            Duplicates++;
        }
    }

    /// <summary>The next offset whose byte is a record type, or the end.</summary>
    private static int NextCandidate(ReadOnlySpan<byte> data, int from)
    {
        if (from >= data.Length)
        {
            return data.Length;
        }

        var i = data[from..].IndexOfAny(OutboxRecord.Entry, OutboxRecord.Removal);
        return i < 0 ? data.Length : from + i;
    }

    /// <summary>Entry headers that can be walked in an unreadable tail (each header's length leads to the next; a torn header counts).</summary>
    private static int CountHeaders(ReadOnlySpan<byte> tail)
    {
        if (tail.Length is > 0 and < OutboxRecord.HeaderSize)
        {
            return tail[0] == OutboxRecord.Entry ? 1 : 0;
        }

        var count = 0;
        while (OutboxRecord.TryReadHeader(tail, out var type, out _, out var size))
        {
            count += type == OutboxRecord.Entry ? 1 : 0;
            if (size > tail.Length - OutboxRecord.HeaderSize)
            {
                break;
            }

            tail = tail[(OutboxRecord.HeaderSize + size)..];
        }

        return count;
    }
}
