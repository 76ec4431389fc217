using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Reads a WAV file's audio as a stream of mono float samples in bounded memory (a 64 KiB buffer), so files of any
/// length (2 GB and more, RF64 included) can be read. The header is read and checked when the reader is made (see
/// <see cref="WavHeader"/> for what is refused and what is read with a warning). Samples: PCM 8-bit unsigned,
/// 16/24/32-bit signed scaled by 2^-(bits-1) into [-1, 1); IEEE float 32/64 passed through; channels averaged.
/// An IEEE float sample that is NaN, infinite or more than <see cref="MaxFloatMagnitude"/> times full scale is not
/// audio: <see cref="Read"/> throws a <see cref="WavFormatException"/> naming the file and the sample frame, rather than
/// pass it on to overflow filters and levels downstream (where it would end as silence). Not thread-safe.
/// </summary>
public sealed class WavStreamReader : IDisposable
{
    /// <summary>
    /// Largest IEEE float sample magnitude read as audio: 1000 times full scale (60 dB of headroom), far beyond what a
    /// float recording carries; larger values are integer sample values written as floats, or damage.
    /// </summary>
    public const double MaxFloatMagnitude = 1000;

    private const int BufferBytes = 64 * 1024;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private readonly List<string> _warnings;
    private long? _remaining;
    private int _carry;
    private bool _ended;
    private long _framesRead;

    /// <summary>Reads the header of <paramref name="stream"/> (from its current position); see <see cref="WavHeader.Read"/> for the errors.</summary>
    public WavStreamReader(Stream stream, string sourceName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourceName = sourceName;
        try
        {
            Header = WavHeader.Read(stream, sourceName);
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }

        _warnings = [.. Header.Warnings];
        _remaining = Header.DataBytes;
        _buffer = new byte[Math.Max(BufferBytes, Header.Format.BlockAlign)];
    }

    /// <summary>
    /// Opens a file. A missing file throws <see cref="FileNotFoundException"/>, a directory <see cref="IOException"/>,
    /// a bad header <see cref="WavFormatException"/>; every message starts with <paramref name="path"/>.
    /// </summary>
    public static WavStreamReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"{path}: is a directory, not a WAV file");
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"{path}: permission denied");
        }

        return new WavStreamReader(file, path);
    }

    public string SourceName { get; }

    /// <summary>True when the stream can seek, so the header's sizes were checked against its length.</summary>
    public bool IsSeekable => _stream.CanSeek;

    public WavHeader Header { get; }

    public WavFormat Format => Header.Format;

    public int SampleRate => Header.Format.SampleRate;

    /// <summary>Sample frames the file holds, when the header or the file's length tells.</summary>
    public long? FrameCount => Header.FrameCount;

    /// <summary>Header warnings, then any found while reading (a stream that ended early); without the file name.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Fills <paramref name="mono"/> with the next frames (channels averaged); returns how many, 0 at the end.</summary>
    /// <exception cref="WavFormatException">an IEEE float sample is not a finite number; the file and frame named.</exception>
    public int Read(Span<float> mono)
    {
        int blockAlign = Header.Format.BlockAlign;
        if (_remaining is { } declaredLeft && declaredLeft + _carry < blockAlign && !_stream.CanSeek && !_ended)
        {
            CheckWhatFollows((int)declaredLeft);
        }

        int frames = Math.Min(mono.Length, _buffer.Length / blockAlign);
        if (_remaining is { } left)
        {
            frames = (int)Math.Min(frames, (left + _carry) / blockAlign);
        }

        if (frames == 0 || _ended)
        {
            return 0;
        }

        int want = Math.Max(0, (frames * blockAlign) - _carry);
        int got = _stream.ReadAtLeast(_buffer.AsSpan(_carry, want), want, throwOnEndOfStream: false);
        _remaining -= got;
        int have = _carry + got;
        if (got < want)
        {
            End(have % blockAlign);
        }

        int whole = Math.Min(frames, have / blockAlign);
        Decode(_buffer.AsSpan(0, whole * blockAlign), mono[..whole]);

        _framesRead += whole;
        _carry = _ended ? 0 : have - (whole * blockAlign);
        _buffer.AsSpan(whole * blockAlign, _carry).CopyTo(_buffer);
        return whole;
    }

    /// <summary>
    /// A stream that cannot seek, with no whole sample frame left in the declared data: its last
    /// <paramref name="tail"/> bytes are read, then unless a chunk header (four printable ASCII characters) or the end
    /// of the stream follows, the data size was wrong and the stream is read to its end, the partial frame included.
    /// Otherwise a partial frame left at the end is warned about and dropped. An odd data size followed directly by a
    /// chunk id or the end of the stream lacks its pad byte (warned about). A second <c>fmt </c> or <c>data</c> chunk
    /// right there is warned about and not read (only the first data chunk is audio).
    /// </summary>
    /// <param name="tail">Declared data bytes not yet read, fewer than one sample frame with those carried over.</param>
    private void CheckWhatFollows(int tail)
    {
        long declared = Header.DataBytes ?? 0;
        int pad = (int)(declared & 1);
        int want = tail + pad + 4;
        int read = _stream.ReadAtLeast(_buffer.AsSpan(_carry, want), want, throwOnEndOfStream: false);
        if (read < tail)
        {
            _remaining -= read;
            End(_carry + read);
            return;
        }

        _remaining = 0;
        int look = _carry + tail;
        int got = read - tail;
        bool chunk = got == pad + 4 && WavHeader.IsChunkId(_buffer.AsSpan(look + pad, 4));
        bool unpadded = pad == 1 && (got == 0 || (got >= 4 && _buffer[look] != 0 && WavHeader.IsChunkId(_buffer.AsSpan(look, 4))));
        if (unpadded && !Header.PadMissing)
        {
            _warnings.Add(WavHeader.MissingPad("data", Header.DataOffset - 8, declared));
        }

        int at = unpadded ? 0 : pad;
        if ((chunk || unpadded) && got >= at + 4 && WavHeader.IsFmtOrData(_buffer.AsSpan(look + at, 4)))
        {
            long offset = Header.DataOffset + declared + at;
            string id = Encoding.ASCII.GetString(_buffer, look + at, 4);
            _warnings.Add(WavHeader.IgnoredChunks([$"a second '{id}' chunk at byte {offset}"]));
        }

        if (got <= pad || chunk || unpadded)
        {
            End(look);
            return;
        }

        _warnings.Add($"data chunk declares {declared} bytes but more bytes follow it that are not a chunk (a size that was not updated?): reading to the end of the stream");
        _remaining = null;
        _carry = look + got;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void End(int partialBytes)
    {
        _ended = true;
        if (_remaining is > 0)
        {
            _warnings.Add($"the file ends {_remaining} bytes before the end the data chunk declares (truncated?)");
        }
        else if (partialBytes > 0)
        {
            _warnings.Add($"the last {partialBytes} data bytes do not make a whole {Header.Format.BlockAlign}-byte sample frame and are ignored");
        }
    }

    private WavFormatException NotAudio(int frame, double value)
    {
        string what = double.IsNaN(value) ? "is NaN: an IEEE float sample must be a finite number"
            : double.IsInfinity(value) ? "is infinite: an IEEE float sample must be a finite number"
            : string.Create(CultureInfo.InvariantCulture, $"is {value:G4}: an IEEE float sample must be within ±{MaxFloatMagnitude} (full scale is 1; integer sample values written as floats?)");
        return new WavFormatException(SourceName, string.Create(CultureInfo.InvariantCulture, $"sample frame {_framesRead + frame} {what}"));
    }

    private void Decode(ReadOnlySpan<byte> data, Span<float> mono)
    {
        WavFormat f = Header.Format;
        if (f.Tag == WavFormatTags.Pcm && f.BitsPerSample == 16 && f.Channels == 1 && BitConverter.IsLittleEndian)
        {
            Int16ToFloat(MemoryMarshal.Cast<byte, short>(data), mono);
            return;
        }

        int width = f.BytesPerSample;
        double inverseChannels = 1.0 / f.Channels;
        for (int i = 0; i < mono.Length; i++)
        {
            ReadOnlySpan<byte> frame = data.Slice(i * f.BlockAlign, f.BlockAlign);
            double sum = 0;
            for (int c = 0; c < f.Channels; c++)
            {
                double sample = Sample(frame.Slice(c * width, width), f);
                if (!(Math.Abs(sample) <= MaxFloatMagnitude))
                {
                    throw NotAudio(i, sample);
                }

                sum += sample;
            }

            mono[i] = f.Channels == 1 ? (float)sum : (float)(sum * inverseChannels);
        }
    }

    /// <summary>x / 2^15 for each sample, eight or more at a time where the hardware has vectors.</summary>
    private static void Int16ToFloat(ReadOnlySpan<short> x, Span<float> y)
    {
        const float scale = 1f / 32768f;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<short>.Count;
            var k = new Vector<float>(scale);
            for (; i <= x.Length - width; i += width)
            {
                Vector.Widen(new Vector<short>(x[i..]), out Vector<int> low, out Vector<int> high);
                (Vector.ConvertToSingle(low) * k).CopyTo(y[i..]);
                (Vector.ConvertToSingle(high) * k).CopyTo(y[(i + Vector<int>.Count)..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] * scale;
        }
    }

    private static double Sample(ReadOnlySpan<byte> b, WavFormat f)
    {
        if (f.Tag == WavFormatTags.IeeeFloat)
        {
            return f.BitsPerSample == 32 ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);
        }

        return f.BitsPerSample switch
        {
            8 => (b[0] - 128) / 128.0,
            16 => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768.0,
            24 => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608.0,
            _ => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0,
        };
    }
}
