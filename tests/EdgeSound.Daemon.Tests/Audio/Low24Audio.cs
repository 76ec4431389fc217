using System.Buffers.Binary;

namespace EdgeSound.Daemon.Tests.Audio;

/// <summary>
/// One recording of 24-bit samples in three forms: a 24-bit WAV file, raw S24_LE words (each sample in the low bits of
/// a 32-bit little-endian word, as some I2S setups deliver it) for ALSA's replay device, and the values themselves.
/// </summary>
internal static class Low24Audio
{
    /// <summary>The <paramref name="samples"/> in [-1, 1) as 24-bit integers.</summary>
    public static int[] ToInt24(IReadOnlyList<float> samples)
    {
        var x = new int[samples.Count];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Clamp((int)Math.Round(samples[i] * 8388608.0), -8388608, 8388607);
        }

        return x;
    }

    /// <summary>Raw interleaved S24_LE words: each value sign-extended into a 32-bit little-endian word.</summary>
    public static byte[] LowBitWords(int[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    /// <summary>A mono 24-bit PCM WAV file of the values.</summary>
    public static string WriteWav24(string path, int[] values, int rate)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var data = 3 * values.Length;
        var bytes = new byte[44 + data];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 36 + data);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), rate * 3);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), 3);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 24);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), data);
        for (var i = 0; i < values.Length; i++)
        {
            bytes[44 + (3 * i)] = (byte)values[i];
            bytes[45 + (3 * i)] = (byte)(values[i] >> 8);
            bytes[46 + (3 * i)] = (byte)(values[i] >> 16);
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }
}
