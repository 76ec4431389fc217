using System.Buffers.Binary;
using System.Text;
using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Daemon.Tests.Audio;

/// <summary>
/// RIFF chunks of odd size whose writer left out the pad byte (RIFF pads every chunk to an even length; a common writer
/// bug omits it, most often at the end of the file): the audio is read whole, from a file and from a pipe, with at most
/// one warning, never refused and never with the following chunk read as audio.
/// </summary>
public sealed class WavChunkPaddingTests
{
    private const int Frames = 1001;

    private static byte[] Chunk(string id, byte[] body, bool pad)
    {
        var c = new byte[8 + body.Length + (pad ? body.Length & 1 : 0)];
        Encoding.ASCII.GetBytes(id).CopyTo(c, 0);
        BinaryPrimitives.WriteInt32LittleEndian(c.AsSpan(4), body.Length);
        body.CopyTo(c, 8);
        return c;
    }

    private static byte[] Fmt8BitMono()
    {
        var f = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(f, WavFormatTags.Pcm);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), 1);
        BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(4), 8000);
        BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(8), 8000);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), 8);
        return f;
    }

    /// <summary>8-bit samples: 128 + (i mod 100), so every frame read is checked by value.</summary>
    private static byte[] Audio() => [.. Enumerable.Range(0, Frames).Select(i => (byte)(128 + (i % 100)))];

    /// <summary>A RIFF/WAVE file of <paramref name="chunks"/>; the RIFF size counts the pad bytes a correct writer adds.</summary>
    private static byte[] Riff(params byte[][] chunks)
    {
        byte[] body = [.. "WAVE"u8, .. chunks.SelectMany(c => c)];
        var declared = body.Length + chunks.Sum(c => c.Length & 1);
        byte[] file = [.. "RIFF"u8, 0, 0, 0, 0, .. body];
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), declared);
        return file;
    }

    public static TheoryData<string, bool> Layouts() => new()
    {
        { "odd data chunk last, no pad byte", false },
        { "odd data chunk last, no pad byte", true },
        { "odd LIST chunk before the data, no pad byte", false },
        { "odd LIST chunk before the data, no pad byte", true },
        { "odd data chunk, no pad byte, then a LIST chunk", false },
        { "odd data chunk, no pad byte, then a LIST chunk", true },
        { "odd LIST chunk last, no pad byte", false },
        { "odd LIST chunk last, no pad byte", true },
    };

    private static byte[] Build(string layout)
    {
        var fmt = Chunk("fmt ", Fmt8BitMono(), pad: true);
        var list = Chunk("LIST", "INFOISFT"u8.ToArray().Concat(new byte[] { 5, 0, 0, 0, (byte)'e', (byte)'s', 0 }).ToArray(), pad: false);
        var data = Chunk("data", Audio(), pad: false);
        return layout switch
        {
            "odd data chunk last, no pad byte" => Riff(fmt, data),
            "odd LIST chunk before the data, no pad byte" => Riff(fmt, list, data),
            "odd data chunk, no pad byte, then a LIST chunk" => Riff(fmt, data, Chunk("LIST", "INFO"u8.ToArray(), pad: true)),
            "odd LIST chunk last, no pad byte" => Riff(fmt, Chunk("data", Audio()[..1000], pad: true), list),
            _ => throw new ArgumentOutOfRangeException(nameof(layout)),
        };
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_frame_is_read_with_one_warning_naming_the_missing_pad_byte(string layout, bool pipe)
    {
        var bytes = Build(layout);
        Stream stream = pipe ? new ForwardOnlyStream(bytes) : new MemoryStream(bytes);
        using var reader = new WavStreamReader(stream, "odd.wav");
        var samples = new List<float>();
        var buffer = new float[300];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            samples.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var expected = layout.StartsWith("odd LIST chunk last", StringComparison.Ordinal) ? 1000 : Frames;
        Assert.Equal(expected, samples.Count);
        Assert.Equal(Enumerable.Range(0, expected).Select(i => (i % 100) / 128f), samples);
        var padWarnings = layout.StartsWith("odd LIST chunk last", StringComparison.Ordinal) && pipe ? 0 : 1;
        Assert.Equal(padWarnings, reader.Warnings.Count);
        Assert.All(reader.Warnings, w => Assert.EndsWith("no pad byte follows it (a writer that left out RIFF padding): read without one", w, StringComparison.Ordinal));
    }
}
