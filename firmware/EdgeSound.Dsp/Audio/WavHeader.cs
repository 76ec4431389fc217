using System.Buffers.Binary;

namespace EdgeSound.Dsp.Audio;

/// <summary>
/// The header of a RIFF/WAVE (or RF64) file, read from a stream chunk by chunk in bounded memory; the stream is left
/// at the first audio byte. What the header declares is checked against the stream's length where it is known:
/// <list type="bullet">
/// <item>Refused (<see cref="WavFormatException"/> naming the file): not RIFF/RF64 WAVE, a header cut short, a missing
/// fmt or data chunk, an unknown format tag or sub-format, an unsupported bit depth, zero channels, a sample rate
/// outside <see cref="WavFormat.MinSampleRate"/>..<see cref="WavFormat.MaxSampleRate"/> Hz, a block alignment other
/// than channels x bytes per sample, a chunk before the data whose size runs past the end, a data chunk without one
/// whole sample frame.</item>
/// <item>Read with a warning (<see cref="Warnings"/>): a data size of 0 or 0xFFFFFFFF followed by audio (a recorder
/// that never finished its header: the audio up to the end of the file is read), a data size of 0x7FFFFFFF on a stream
/// or larger than the file (what recorders such as <c>arecord</c> write when the length is unknown: the audio up to the
/// end, as for 0xFFFFFFFF), a data size larger than the file
/// (truncated: the bytes that are there are read), a data size followed by bytes that are no chunk (the data is read to
/// the end of the file), a data size that wrapped past 4 GiB, trailing bytes that do not make a whole frame, a RIFF
/// size that disagrees with the file, a chunk of odd size without the pad byte RIFF puts after it (a common writer bug:
/// the next chunk, or the end of the file, follows its last byte directly; see <see cref="MissingPad"/>), a second
/// <c>fmt </c> chunk or a second <c>data</c> chunk (only the first of each is read; one warning names every chunk
/// ignored; after the data only a stream that can seek is searched, see <see cref="WavStreamReader"/> for the others).</item>
/// </list>
/// The average-bytes-per-second field and the extensible channel mask are not used and so not checked.
/// </summary>
public sealed class WavHeader
{
    private const int MaxFmtBytesUsed = 40;

    /// <summary>The data size recorders write when the length is unknown (the largest signed 32-bit value), bytes.</summary>
    private const uint UnknownLength = 0x7FFFFFFF;

    /// <summary>Chunks after the data searched for a second <c>fmt </c> or <c>data</c> chunk (a bound on a damaged file).</summary>
    private const int MaxChunksAfterData = 4096;

    // KSDATAFORMAT_SUBTYPE_xxx GUIDs are {tag-0000-0010-8000-00AA00389B71}; bytes 2..15 are this tail.
    private static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>
    /// The warning for a chunk of odd size whose writer left out the pad byte, without the file name.
    /// </summary>
    /// <param name="id">The chunk's four-character id.</param>
    /// <param name="offset">Byte offset of the chunk's header from the start of the file.</param>
    /// <param name="size">The chunk's declared (odd) size in bytes.</param>
    public static string MissingPad(string id, long offset, long size) =>
        $"chunk '{id}' at byte {offset} has an odd size ({size} bytes) but no pad byte follows it (a writer that left out RIFF padding): read without one";

    /// <summary>The warning for a file one byte shorter than its RIFF size says: its last chunk lacks the pad byte.</summary>
    /// <param name="length">The file's length in bytes.</param>
    public static string MissingFinalPad(long length) =>
        $"the file ends at byte {length}, one byte before the end its RIFF size declares: the last chunk has an odd size but no pad byte follows it (a writer that left out RIFF padding): read without one";

    /// <summary>The warning for <c>fmt </c> and <c>data</c> chunks after the first of each, which are not read.</summary>
    /// <param name="ignored">Each ignored chunk, e.g. <c>'data' chunk at byte 64044 (64000 bytes)</c>.</param>
    public static string IgnoredChunks(IEnumerable<string> ignored) =>
        $"ignored {string.Join(", ", ignored)}: only the first 'fmt ' chunk and the audio of the first 'data' chunk are read";

    /// <summary>Whether <paramref name="id"/> is <c>fmt </c> or <c>data</c>, the chunks a WAV file holds one of each.</summary>
    public static bool IsFmtOrData(ReadOnlySpan<byte> id) => id.SequenceEqual("fmt "u8) || id.SequenceEqual("data"u8);

    /// <summary>Four printable ASCII characters: what a chunk id looks like.</summary>
    public static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        if (id.Length < 4)
        {
            return false;
        }

        foreach (byte b in id[..4])
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private WavHeader(WavFormat format, long dataOffset, long? dataBytes, IReadOnlyList<string> warnings, bool padMissing)
    {
        PadMissing = padMissing;
        Format = format;
        DataOffset = dataOffset;
        DataBytes = dataBytes;
        Warnings = warnings;
    }

    public WavFormat Format { get; }

    /// <summary>Byte offset of the first audio byte from the start of the file.</summary>
    public long DataOffset { get; }

    /// <summary>Audio bytes to read; null when only the end of a stream that cannot seek will tell.</summary>
    public long? DataBytes { get; }

    /// <summary>Whole sample frames in the audio, when <see cref="DataBytes"/> is known.</summary>
    public long? FrameCount => DataBytes / Format.BlockAlign;

    /// <summary>True when a chunk of odd size lacked its pad byte (warned about once, naming the first such chunk).</summary>
    public bool PadMissing { get; }

    /// <summary>What the header got wrong and how it was read anyway; one sentence each, without the file name.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Reads the header from the start of <paramref name="stream"/> (its current position) and leaves the stream at the
    /// first audio byte. Throws <see cref="WavFormatException"/> (message starting with <paramref name="name"/>) for the
    /// refusals listed on the type, and passes on other <see cref="IOException"/>s of the stream.
    /// </summary>
    public static WavHeader Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Parser(stream, name).Run();
    }

    private sealed class Parser(Stream s, string name)
    {
        private readonly long? _length = s.CanSeek ? s.Length - s.Position : null;
        private readonly long _origin = s.CanSeek ? s.Position : 0;
        private readonly List<string> _warnings = [];
        private readonly List<string> _ignored = [];
        private readonly byte[] _ahead = new byte[4];
        private int _aheadCount;
        private bool _padMissing;
        private long _pos;
        private bool _rf64;
        private long _ds64DataBytes = -1;
        private WavFormat? _format;
        private long _dataOffset = -1;
        private long _fmtOffset = -1;
        private long? _dataBytes;

        public WavHeader Run()
        {
            Span<byte> riff = stackalloc byte[12];
            int got = Fill(riff);
            if (got >= 4 && !riff[..4].SequenceEqual("RIFF"u8) && !riff[..4].SequenceEqual("RF64"u8))
            {
                throw Fail($"not a RIFF file (starts with '{Ascii(riff[..4])}')");
            }

            if (got < 12)
            {
                throw Fail($"truncated header: {got} bytes, a RIFF/WAVE header needs 12");
            }

            if (!riff[8..12].SequenceEqual("WAVE"u8))
            {
                throw Fail($"RIFF form type is '{Ascii(riff[8..12])}', not 'WAVE'");
            }

            _rf64 = riff[..4].SequenceEqual("RF64"u8);
            uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(riff[4..]);
            ReadChunks();
            if (_format is not { } format)
            {
                throw Fail(_pos <= 12 ? $"truncated header: {_pos} bytes and no complete fmt chunk" : "missing fmt chunk");
            }

            if (_dataOffset < 0)
            {
                throw Fail("missing data chunk");
            }

            if (s.CanSeek && _pos != _dataOffset)
            {
                s.Seek(_origin + _dataOffset, SeekOrigin.Begin);
            }

            CheckFrames(format);
            CheckRiffSize(riffSize);
            FindChunksAfterData();
            if (_ignored.Count > 0)
            {
                _warnings.Add(IgnoredChunks(_ignored));
            }

            return new WavHeader(format, _dataOffset, _dataBytes, _warnings, _padMissing);
        }

        private void ReadChunks()
        {
            Span<byte> head = stackalloc byte[8];
            _pos = 12;
            while (_format is null || _dataOffset < 0)
            {
                if (Fill(head) < 8)
                {
                    return;
                }

                string id = Ascii(head[..4]);
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
                long body = _pos;
                long? available = _length - body;
                switch (id)
                {
                    case "fmt " when _format is null:
                        _fmtOffset = body - 8;
                        _format = ReadFmt(size, available);
                        SkipPad(id, body, size);
                        break;
                    case "fmt ":
                        _ignored.Add($"a second 'fmt ' chunk at byte {body - 8} ({size} bytes)");
                        if (!Skip(size))
                        {
                            throw Fail($"truncated header: the second fmt chunk at byte {body - 8} declares {size} bytes but the file ends inside it");
                        }

                        SkipPad(id, body, size);
                        break;
                    case "ds64" when _rf64:
                        ReadDs64(size, available);
                        SkipPad(id, body, size);
                        break;
                    case "data":
                        _dataOffset = body;
                        _dataBytes = DataLength(size, available);
                        if (_format is null && !SkipData())
                        {
                            return;
                        }

                        break;
                    default:
                        if (!Skip(size))
                        {
                            string follow = available is { } a ? $"only {a} follow" : "the stream ends first";
                            throw Fail($"chunk '{id}' at byte {body - 8} declares {size} bytes but {follow}, and no {Missing()} chunk came before it");
                        }

                        SkipPad(id, body, size);
                        break;
                }
            }
        }

        /// <summary>
        /// A stream that can seek: searches the chunks after the data (up to the end of the file, a chunk that is no
        /// chunk, or <see cref="MaxChunksAfterData"/>) for a second <c>fmt </c> or <c>data</c> chunk, then seeks back.
        /// </summary>
        private void FindChunksAfterData()
        {
            if (!s.CanSeek || _length is null || _dataBytes is not { } bytes)
            {
                return;
            }

            long here = s.Position;
            Span<byte> head = stackalloc byte[8];
            long at = _dataOffset + bytes;
            at += (bytes & 1) == 1 && !IsChunkAt(at, head) ? 1 : 0;
            for (int i = 0; i < MaxChunksAfterData && IsChunkAt(at, head); i++)
            {
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
                if (IsFmtOrData(head[..4]) && at != _fmtOffset)
                {
                    _ignored.Add($"a second '{Ascii(head[..4])}' chunk at byte {at} ({size} bytes)");
                }

                at += 8 + size;
                at += (size & 1) == 1 && !IsChunkAt(at, head) ? 1 : 0;
            }

            s.Seek(here, SeekOrigin.Begin);
        }

        /// <summary>Reads the 8 bytes at file offset <paramref name="at"/> into <paramref name="head"/>; whether they are a chunk header.</summary>
        private bool IsChunkAt(long at, Span<byte> head)
        {
            if (at + 8 > _length)
            {
                return false;
            }

            s.Seek(_origin + at, SeekOrigin.Begin);
            return s.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && IsChunkId(head);
        }

        private string Missing() => _format is null && _dataOffset < 0 ? "fmt or data" : _format is null ? "fmt" : "data";

        private WavFormat ReadFmt(uint size, long? available)
        {
            if (size < 16)
            {
                throw Fail($"truncated header: fmt chunk has {size} bytes, needs at least 16");
            }

            if (size > available)
            {
                throw Fail($"truncated header: fmt chunk declares {size} bytes but only {available} are available");
            }

            Span<byte> fmt = stackalloc byte[MaxFmtBytesUsed];
            int used = (int)Math.Min(size, MaxFmtBytesUsed);
            if (Fill(fmt[..used]) < used || !Skip(size - used))
            {
                throw Fail($"truncated header: fmt chunk declares {size} bytes but the file ends inside it");
            }

            return ParseFmt(fmt[..used]);
        }

        private WavFormat ParseFmt(ReadOnlySpan<byte> fmt)
        {
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
            int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
            uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
            int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
            int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
            if (channels == 0)
            {
                throw Fail("zero channels in fmt chunk");
            }

            if (rate == 0)
            {
                throw Fail("zero sample rate in fmt chunk");
            }

            if (rate is < WavFormat.MinSampleRate or > WavFormat.MaxSampleRate)
            {
                throw Fail($"sample rate {rate} Hz is outside the supported range {WavFormat.MinSampleRate}-{WavFormat.MaxSampleRate} Hz (damaged header?)");
            }

            ushort effective = tag == WavFormatTags.Extensible ? SubFormat(fmt, bits) : tag;
            bool supported = effective switch
            {
                WavFormatTags.Pcm => bits is 8 or 16 or 24 or 32,
                WavFormatTags.IeeeFloat => bits is 32 or 64,
                _ => throw Fail($"unknown format tag 0x{effective:X4} ({WavFormatTags.Name(effective)}); supported: PCM (1), IEEE float (3), extensible (0xFFFE)"),
            };
            if (!supported)
            {
                throw Fail($"{bits}-bit samples are not supported for {WavFormatTags.Name(effective)}");
            }

            int expected = channels * (bits / 8);
            if (blockAlign != expected)
            {
                throw Fail($"block alignment {blockAlign} bytes disagrees with {channels} channel(s) x {bits / 8} bytes per sample = {expected} (damaged header?)");
            }

            return new WavFormat(effective, channels, (int)rate, bits, blockAlign);
        }

        private ushort SubFormat(ReadOnlySpan<byte> fmt, int bits)
        {
            if (fmt.Length < 40)
            {
                throw Fail($"truncated header: WAVE_FORMAT_EXTENSIBLE fmt chunk has {fmt.Length} bytes, needs 40");
            }

            int validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            if (validBits > bits)
            {
                throw Fail($"WAVE_FORMAT_EXTENSIBLE declares {validBits} valid bits in {bits}-bit samples");
            }

            ReadOnlySpan<byte> guid = fmt.Slice(24, 16);
            if (!guid[2..].SequenceEqual(SubFormatTail))
            {
                throw Fail($"unknown WAVE_FORMAT_EXTENSIBLE subformat GUID {new Guid(guid)}");
            }

            return BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        private void ReadDs64(uint size, long? available)
        {
            Span<byte> ds64 = stackalloc byte[24];
            if (size < 24 || size > available || Fill(ds64) < 24 || !Skip(size - 24))
            {
                throw Fail($"truncated header: RF64 ds64 chunk has {size} bytes, needs at least 24");
            }

            long dataBytes = BinaryPrimitives.ReadInt64LittleEndian(ds64[8..]);
            _ds64DataBytes = dataBytes < 0 ? throw Fail($"RF64 ds64 chunk declares {dataBytes} data bytes") : dataBytes;
        }

        /// <summary>The audio bytes to read for a data chunk that declares <paramref name="size"/> (see the type's rules).</summary>
        private long? DataLength(uint size, long? available)
        {
            long declared = _rf64 && size == uint.MaxValue && _ds64DataBytes >= 0 ? _ds64DataBytes : size;
            if (size == uint.MaxValue && !_rf64)
            {
                return Unfinished("data chunk size is 0xFFFFFFFF (a header that was never finished)", available);
            }

            if (size == 0 && available is null or > 0 && !ChunkFollows(0, available))
            {
                return Unfinished("data chunk declares 0 bytes but audio follows (a recorder that never finished its header?)", available);
            }

            if (size == UnknownLength && !_rf64 && (available is null || declared > available))
            {
                return Unfinished("data chunk size is 0x7FFFFFFF (a length unknown when the header was written)", available);
            }

            if (available is not { } there)
            {
                return declared;
            }

            if (declared == there)
            {
                if ((declared & 1) == 1)
                {
                    WarnMissingPad("data", _dataOffset - 8, declared);
                }

                return declared;
            }

            if (declared > there)
            {
                _warnings.Add($"data chunk declares {declared} bytes but only {there} follow (file truncated?): reading the {there} bytes that are there");
                return there;
            }

            long next = declared + (declared & 1);
            long after = there - next;
            if (!_rf64 && there > uint.MaxValue && after > 0 && after % (1L << 32) == 0)
            {
                _warnings.Add($"data chunk declares {declared} bytes, the length modulo 4 GiB of the {there} bytes that follow (a writer that overflowed the 32-bit size): reading them all");
                return there;
            }

            if ((declared & 1) == 1 && !ChunkFollows(next, available) && ChunkFollows(declared, available))
            {
                WarnMissingPad("data", _dataOffset - 8, declared);
                return declared;
            }

            if (after >= (_format?.BlockAlign ?? 1) && declared > 0 && !ChunkFollows(next, available))
            {
                _warnings.Add($"data chunk declares {declared} bytes but {after} more bytes follow it that are not a chunk (a size that was not updated?): reading all {there} bytes");
                return there;
            }

            return declared;
        }

        private long? Unfinished(string what, long? available)
        {
            _warnings.Add(available is { } a ? $"{what}: reading the {a} bytes to the end of the file" : $"{what}: reading to the end of the stream");
            return available;
        }

        /// <summary>
        /// Do the 8 bytes <paramref name="offset"/> bytes past the current position look like a chunk header (four
        /// printable ASCII characters and a size that fits in the file)? The stream is left where it was.
        /// </summary>
        private bool ChunkFollows(long offset, long? available)
        {
            if (!s.CanSeek || available - offset < 8)
            {
                return false;
            }

            long here = s.Position;
            Span<byte> head = stackalloc byte[8];
            s.Seek(offset, SeekOrigin.Current);
            int got = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            s.Seek(here, SeekOrigin.Begin);
            if (got < 8)
            {
                return false;
            }

            return IsChunkId(head) && BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) <= available - offset - 8;
        }

        /// <summary>Data before fmt: skip the audio to find fmt (needs a seekable stream and a known length).</summary>
        private bool SkipData()
        {
            if (!s.CanSeek)
            {
                throw Fail("the fmt chunk comes after the data chunk, which a stream that cannot seek cannot read");
            }

            long bytes = _dataBytes ?? 0;
            if (!Skip(bytes))
            {
                return false;
            }

            SkipPad("data", _dataOffset, bytes);
            return true;
        }

        private void CheckFrames(WavFormat f)
        {
            if (_dataBytes is not { } bytes)
            {
                return;
            }

            if (bytes < f.BlockAlign)
            {
                throw Fail($"no audio: the data chunk holds {bytes} bytes, less than one {f.BlockAlign}-byte sample frame");
            }

            // A stream that cannot seek may hold more audio than its data size says: the reader warns of a partial
            // frame when it finds where the data ends.
            if (bytes % f.BlockAlign != 0 && s.CanSeek)
            {
                _warnings.Add($"the last {bytes % f.BlockAlign} data bytes do not make a whole {f.BlockAlign}-byte sample frame and are ignored");
            }
        }

        private void CheckRiffSize(uint riffSize)
        {
            if (_rf64 || _length is not { } length || _warnings.Count > 0 || riffSize == length - 8)
            {
                return;
            }

            if (riffSize == length - 7)
            {
                _padMissing = true;
                _warnings.Add(MissingFinalPad(length));
            }
            else if (riffSize is 0 or uint.MaxValue)
            {
                _warnings.Add($"RIFF size is {riffSize} (a header that was never finished); the chunk sizes were used");
            }
            else if (riffSize > length - 8 || riffSize + 8L < _dataOffset + (_dataBytes ?? 0))
            {
                _warnings.Add($"RIFF size says the file has {riffSize + 8L} bytes but it has {length}; the chunk sizes were used");
            }
        }

        /// <summary>
        /// After the body of chunk <paramref name="id"/> (header at <paramref name="body"/> - 8): skips its pad byte when
        /// its size is odd. A pad byte is 0; a printable chunk id starting there instead means the writer left the pad
        /// out, which is warned about and read past without it (the bytes are given back to the next read).
        /// </summary>
        private void SkipPad(string id, long body, long size)
        {
            if ((size & 1) == 0)
            {
                return;
            }

            Span<byte> look = stackalloc byte[4];
            int got = Fill(look);
            bool missing = got == look.Length && look[0] != 0 && IsChunkId(look);
            if (missing)
            {
                WarnMissingPad(id, body - 8, size);
            }

            Unread(missing ? look[..got] : look[Math.Min(1, got)..got]);
        }

        /// <summary>One warning per file, naming the first chunk without its pad byte.</summary>
        private void WarnMissingPad(string id, long offset, long size)
        {
            if (!_padMissing)
            {
                _padMissing = true;
                _warnings.Add(MissingPad(id, offset, size));
            }
        }

        /// <summary>Gives the last bytes read back to the next read (at most four).</summary>
        private void Unread(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return;
            }

            _pos -= bytes.Length;
            if (s.CanSeek)
            {
                s.Seek(-bytes.Length, SeekOrigin.Current);
                return;
            }

            bytes.CopyTo(_ahead);
            _aheadCount = bytes.Length;
        }

        /// <summary>Moves <paramref name="bytes"/> forward; false when the stream ends first.</summary>
        private bool Skip(long bytes)
        {
            if (s.CanSeek)
            {
                if (bytes > _length - _pos)
                {
                    return false;
                }

                s.Seek(bytes, SeekOrigin.Current);
                _pos += bytes;
                return true;
            }

            Span<byte> scratch = stackalloc byte[4096];
            while (bytes > 0)
            {
                int want = (int)Math.Min(bytes, scratch.Length);
                if (Fill(scratch[..want]) < want)
                {
                    return false;
                }

                bytes -= want;
            }

            return true;
        }

        private int Fill(Span<byte> buffer)
        {
            int given = Math.Min(_aheadCount, buffer.Length);
            _ahead.AsSpan(0, given).CopyTo(buffer);
            _ahead.AsSpan(given, _aheadCount - given).CopyTo(_ahead);
            _aheadCount -= given;
            int got = given + s.ReadAtLeast(buffer[given..], buffer.Length - given, throwOnEndOfStream: false);
            _pos += got;
            return got;
        }

        private WavFormatException Fail(string problem) => new(name, problem);
    }

    private static string Ascii(ReadOnlySpan<byte> b)
    {
        Span<char> c = stackalloc char[b.Length];
        for (int i = 0; i < b.Length; i++)
        {
            c[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '?';
        }

        return new string(c);
    }
}
