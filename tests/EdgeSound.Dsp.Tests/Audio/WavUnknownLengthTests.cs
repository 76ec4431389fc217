using System.Buffers.Binary;
using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>
/// A data size of 0x7FFFFFFF, which recorders write when the length is unknown: on a stream it means "to the end", read
/// whole, with the warning 0xFFFFFFFF gets and no false one of a partial frame or a truncation; in a file likewise.
/// </summary>
public sealed class WavUnknownLengthTests
{
    private const int Frames = 1000;

    private static byte[] Wav()
    {
        var data = WavFixture.Int16Data([.. Enumerable.Range(0, Frames).Select(i => (short)(i * 7))]);
        return new WavFixture().Chunk("fmt ", WavFixture.Fmt(WavFormatTags.Pcm, 1, 16000, 16)).Chunk("data", data, declaredSize: 0x7FFFFFFF).ToBytes();
    }

    private static int ReadAll(WavStreamReader reader)
    {
        var buffer = new float[300];
        int total = 0;
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    [Fact]
    public void On_a_stream_it_reads_to_the_end_warning_only_of_the_unknown_length()
    {
        using var reader = new WavStreamReader(new ForwardOnlyStream(Wav()), "stdin");

        Assert.Equal(Frames, ReadAll(reader));
        var warning = Assert.Single(reader.Warnings);
        Assert.Contains("data chunk size is 0x7FFFFFFF", warning);
        Assert.Contains("reading to the end of the stream", warning);
    }

    [Fact]
    public void In_a_file_it_reads_to_the_end_with_a_warning_that_names_the_unknown_length_not_a_truncation()
    {
        var wav = Wav();
        Assert.Equal(0x7FFFFFFFu, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)));
        using var reader = new WavStreamReader(new MemoryStream(wav), "arecord.wav");

        Assert.Equal(Frames, ReadAll(reader));
        var warning = Assert.Single(reader.Warnings);
        Assert.Contains("0x7FFFFFFF", warning);
        Assert.DoesNotContain("truncated", warning);
    }
}
