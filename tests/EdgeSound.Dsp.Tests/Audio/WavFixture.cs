using System.Buffers.Binary;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>Builds RIFF/WAVE files in memory, chunk by chunk, including malformed ones.</summary>
internal sealed class WavFixture
{
    private readonly MemoryStream _body = new();

    public static byte[] Fmt(ushort tag, int channels, int rate, int bits, int? blockAlign = null)
    {
        var f = new byte[16];
        int align = blockAlign ?? channels * bits / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(f, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), (ushort)bits);
        return f;
    }

    public static byte[] FmtExtensible(ushort subFormat, int channels, int rate, int bits, bool validGuid = true)
    {
        var f = new byte[40];
        Fmt(0xFFFE, channels, rate, bits).CopyTo(f, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), (ushort)bits);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(24), subFormat);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        if (!validGuid)
        {
            tail[13] = 0x72;
        }

        tail.CopyTo(f, 26);
        return f;
    }

    public WavFixture Chunk(string id, byte[] body, uint? declaredSize = null, bool pad = true)
    {
        _body.Write(System.Text.Encoding.ASCII.GetBytes(id));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, declaredSize ?? (uint)body.Length);
        _body.Write(size);
        _body.Write(body);
        if (pad && body.Length % 2 == 1)
        {
            _body.WriteByte(0);
        }

        return this;
    }

    public byte[] ToBytes()
    {
        var file = new MemoryStream();
        file.Write("RIFF"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)(4 + _body.Length));
        file.Write(size);
        file.Write("WAVE"u8);
        _body.Position = 0;
        _body.CopyTo(file);
        return file.ToArray();
    }

    public static byte[] Int16Data(params short[] samples)
    {
        var b = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), samples[i]);
        }

        return b;
    }

    public static byte[] Int24Data(params int[] samples)
    {
        var b = new byte[samples.Length * 3];
        for (int i = 0; i < samples.Length; i++)
        {
            b[3 * i] = (byte)samples[i];
            b[3 * i + 1] = (byte)(samples[i] >> 8);
            b[3 * i + 2] = (byte)(samples[i] >> 16);
        }

        return b;
    }

    public static byte[] Int32Data(params int[] samples)
    {
        var b = new byte[samples.Length * 4];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), samples[i]);
        }

        return b;
    }

    public static byte[] FloatData(params float[] samples)
    {
        var b = new byte[samples.Length * 4];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), samples[i]);
        }

        return b;
    }
}
