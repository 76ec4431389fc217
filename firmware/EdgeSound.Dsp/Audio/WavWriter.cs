using System.Buffers.Binary;

namespace EdgeSound.Dsp.Audio;

/// <summary>Writes canonical 44-byte-header mono 16-bit PCM WAV files.</summary>
public static class WavWriter
{
    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        WritePcm16(stream, samples, sampleRate);
    }

    public static void WritePcm16(Stream stream, ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        long dataBytes = 2L * samples.Length;
        if (dataBytes > uint.MaxValue - 36)
        {
            throw new ArgumentException($"{samples.Length} samples do not fit in one RIFF file", nameof(samples));
        }

        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], WavFormatTags.Pcm);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        stream.Write(header);

        Span<byte> block = stackalloc byte[4096];
        int done = 0;
        while (done < samples.Length)
        {
            int n = Math.Min(block.Length / 2, samples.Length - done);
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(block[(2 * i)..], Pcm.ToInt16(samples[done + i]));
            }

            stream.Write(block[..(2 * n)]);
            done += n;
        }
    }
}
