using System.Buffers.Binary;

namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Reads RIFF/WAVE files: PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, also inside
/// WAVE_FORMAT_EXTENSIBLE. Channels are downmixed to mono by averaging. Unknown chunks are skipped,
/// odd-sized chunks honour their pad byte. Every error is a <see cref="WavFormatException"/> whose message
/// starts with the file name.
/// </summary>
public static class WavReader
{
    // KSDATAFORMAT_SUBTYPE_xxx GUIDs are {tag-0000-0010-8000-00AA00389B71}; bytes 2..15 are this tail.
    private static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static AudioClip Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        return Parse(bytes, path);
    }

    public static AudioClip Read(Stream s, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(s);
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return Parse(copy.GetBuffer().AsSpan(0, (int)copy.Length), sourceName);
    }

    private readonly record struct Format(ushort Tag, int Channels, int SampleRate, int BitsPerSample, int BlockAlign);

    private static AudioClip Parse(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 12)
        {
            throw new WavFormatException(name, $"truncated header: {file.Length} bytes, a RIFF/WAVE header needs 12");
        }

        if (!file[..4].SequenceEqual("RIFF"u8))
        {
            throw new WavFormatException(name, $"not a RIFF file (starts with '{Ascii(file[..4])}')");
        }

        if (!file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException(name, $"RIFF form type is '{Ascii(file[8..12])}', not 'WAVE'");
        }

        Format? format = null;
        int dataOffset = -1;
        int dataLength = 0;
        int pos = 12;
        while (pos + 8 <= file.Length)
        {
            ReadOnlySpan<byte> id = file.Slice(pos, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 4)..]);
            int body = pos + 8;
            long available = file.Length - body;
            if (id.SequenceEqual("data"u8))
            {
                if (size > available)
                {
                    throw new WavFormatException(name, $"data chunk longer than the file: declares {size} bytes but only {available} are available");
                }

                dataOffset = body;
                dataLength = (int)size;
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                if (size > available)
                {
                    throw new WavFormatException(name, $"truncated header: fmt chunk declares {size} bytes but only {available} are available");
                }

                format = ParseFormat(file.Slice(body, (int)size), name);
            }
            else if (size > available)
            {
                break;
            }

            long next = body + (long)size + (size & 1);
            if (next > file.Length)
            {
                break;
            }

            pos = (int)next;
        }

        if (format is null)
        {
            if (pos == 12 && file.Length < 20)
            {
                throw new WavFormatException(name, $"truncated header: {file.Length} bytes and no complete fmt chunk");
            }

            throw new WavFormatException(name, "missing fmt chunk");
        }

        if (dataOffset < 0)
        {
            throw new WavFormatException(name, "missing data chunk");
        }

        return Decode(file.Slice(dataOffset, dataLength), format.Value);
    }

    private static Format ParseFormat(ReadOnlySpan<byte> fmt, string name)
    {
        if (fmt.Length < 16)
        {
            throw new WavFormatException(name, $"truncated header: fmt chunk has {fmt.Length} bytes, needs at least 16");
        }

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (channels == 0)
        {
            throw new WavFormatException(name, "zero channels in fmt chunk");
        }

        if (rate == 0)
        {
            throw new WavFormatException(name, "zero sample rate in fmt chunk");
        }

        if (rate > int.MaxValue)
        {
            throw new WavFormatException(name, $"sample rate {rate} Hz is out of range");
        }

        ushort effective = tag;
        if (tag == WavFormatTags.Extensible)
        {
            if (fmt.Length < 40)
            {
                throw new WavFormatException(name, $"truncated header: WAVE_FORMAT_EXTENSIBLE fmt chunk has {fmt.Length} bytes, needs 40");
            }

            ReadOnlySpan<byte> guid = fmt.Slice(24, 16);
            if (!guid[2..].SequenceEqual(SubFormatTail))
            {
                throw new WavFormatException(name, $"unknown WAVE_FORMAT_EXTENSIBLE subformat GUID {new Guid(guid)}");
            }

            effective = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        bool supported = effective switch
        {
            WavFormatTags.Pcm => bits is 8 or 16 or 24 or 32,
            WavFormatTags.IeeeFloat => bits is 32 or 64,
            _ => throw new WavFormatException(name, $"unknown format tag 0x{effective:X4} ({WavFormatTags.Name(effective)}); supported: PCM (1), IEEE float (3), extensible (0xFFFE)"),
        };
        if (!supported)
        {
            throw new WavFormatException(name, $"{bits}-bit samples are not supported for {WavFormatTags.Name(effective)}");
        }

        int minAlign = channels * (bits / 8);
        if (blockAlign < minAlign)
        {
            blockAlign = minAlign;
        }

        return new Format(effective, channels, (int)rate, bits, blockAlign);
    }

    private static AudioClip Decode(ReadOnlySpan<byte> data, Format f)
    {
        int frames = data.Length / f.BlockAlign;
        var samples = new float[frames];
        if (f.Tag == WavFormatTags.Pcm && f.BitsPerSample == 16 && f.Channels == 1 && f.BlockAlign == 2)
        {
            for (int i = 0; i < frames; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) * (1f / 32768f);
            }

            return new AudioClip(f.SampleRate, samples);
        }

        int width = f.BitsPerSample / 8;
        float inverseChannels = 1f / f.Channels;
        for (int i = 0; i < frames; i++)
        {
            ReadOnlySpan<byte> frame = data.Slice(i * f.BlockAlign, f.BlockAlign);
            double sum = 0;
            for (int c = 0; c < f.Channels; c++)
            {
                sum += Sample(frame.Slice(c * width, width), f);
            }

            samples[i] = f.Channels == 1 ? (float)sum : (float)sum * inverseChannels;
        }

        return new AudioClip(f.SampleRate, samples);
    }

    private static double Sample(ReadOnlySpan<byte> b, Format f)
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
