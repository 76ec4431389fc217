using System.Buffers.Binary;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// The framing of one outbox journal record: <c>[type:1][seq:8 LE][len:4 LE][crc32:4 LE][payload:len]</c>, the CRC-32
/// (IEEE) covering type, seq, len and payload. Type <c>E</c> adds entry <c>seq</c>; type <c>R</c> (no payload) removes
/// every entry up to and including <c>seq</c>. A journal file is the 8-byte magic <c>ESOUTBX1</c> followed by records.
/// </summary>
internal static class OutboxRecord
{
    public const int HeaderSize = 17;
    public const byte Entry = (byte)'E';
    public const byte Removal = (byte)'R';

    /// <summary>Largest payload a record may carry (an alert is a few hundred bytes); bounds the work of a resync.</summary>
    public const int MaxPayload = 1 << 16;

    /// <summary>Sequences are below 2^62, so a random 8 bytes are rarely a plausible sequence.</summary>
    private const long MaxSequence = 1L << 62;

    public static ReadOnlySpan<byte> Magic => "ESOUTBX1"u8;

    /// <summary>Appends the encoded record to <paramref name="buffer"/>.</summary>
    public static void Encode(List<byte> buffer, byte type, long sequence, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        header[0] = type;
        BinaryPrimitives.WriteInt64LittleEndian(header[1..], sequence);
        BinaryPrimitives.WriteInt32LittleEndian(header[9..], payload.Length);
        var crc = Crc32.Compute(payload, Crc32.Compute(header[..13]));
        BinaryPrimitives.WriteUInt32LittleEndian(header[13..], crc);
        buffer.AddRange(header);
        buffer.AddRange(payload);
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="data"/>: its total size in bytes, or 0 when the bytes there are
    /// not an intact record (implausible header, payload past the end, or a CRC mismatch).
    /// </summary>
    public static int TryRead(ReadOnlySpan<byte> data, out byte type, out long sequence, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (!TryReadHeader(data, out type, out sequence, out var size) || size > data.Length - HeaderSize)
        {
            return 0;
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data[13..]);
        payload = data.Slice(HeaderSize, size);
        return Crc32.Compute(payload, Crc32.Compute(data[..13])) == crc ? HeaderSize + size : 0;
    }

    /// <summary>True when the first bytes look like a record header (type, sequence and length in range), CRC unchecked.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out byte type, out long sequence, out int size)
    {
        type = 0;
        sequence = 0;
        size = 0;
        if (data.Length < HeaderSize)
        {
            return false;
        }

        type = data[0];
        sequence = BinaryPrimitives.ReadInt64LittleEndian(data[1..]);
        size = BinaryPrimitives.ReadInt32LittleEndian(data[9..]);
        return sequence is >= 0 and < MaxSequence
            && ((type == Entry && size is >= 0 and <= MaxPayload) || (type == Removal && size == 0));
    }
}
