using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>
/// A WAV file with a second <c>data</c> or <c>fmt </c> chunk: only the first of each is read, and one warning names what
/// was ignored, from a file and from a stream, never silently.
/// </summary>
public sealed class WavDuplicateChunkTests
{
    private const int Frames = 100;

    private static byte[] Data(short value) => WavFixture.Int16Data([.. Enumerable.Repeat(value, Frames)]);

    private static byte[] Fmt(int rate) => WavFixture.Fmt(WavFormatTags.Pcm, 1, rate, 16);

    private static WavStreamReader Reader(byte[] wav, bool seekable) =>
        new(seekable ? new MemoryStream(wav) : new ForwardOnlyStream(wav), "twice.wav");

    private static float[] ReadAll(WavStreamReader reader)
    {
        var all = new List<float>();
        var buffer = new float[64];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            all.AddRange(buffer[..n]);
        }

        return [.. all];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_second_data_chunk_is_not_read_and_is_named_in_one_warning(bool seekable)
    {
        var wav = new WavFixture().Chunk("fmt ", Fmt(8000)).Chunk("data", Data(1000)).Chunk("data", Data(-1000)).ToBytes();
        using var reader = Reader(wav, seekable);

        var samples = ReadAll(reader);

        Assert.Equal(Frames, samples.Length);
        Assert.All(samples, s => Assert.Equal(1000 / 32768f, s));
        var warning = Assert.Single(reader.Warnings);
        Assert.Contains($"a second 'data' chunk at byte {12 + 24 + 8 + (2 * Frames)}", warning);
        Assert.Contains("only the first 'fmt ' chunk and the audio of the first 'data' chunk are read", warning);
    }

    [Fact]
    public void A_second_data_chunk_after_another_chunk_is_found_in_a_file()
    {
        var wav = new WavFixture().Chunk("fmt ", Fmt(8000)).Chunk("data", Data(1000)).Chunk("LIST", new byte[5]).Chunk("data", Data(-1000)).ToBytes();
        using var reader = Reader(wav, seekable: true);

        Assert.Equal(Frames, ReadAll(reader).Length);
        Assert.Contains("a second 'data' chunk at byte", Assert.Single(reader.Warnings));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_second_fmt_chunk_is_ignored_with_a_warning_naming_it(bool seekable)
    {
        var wav = new WavFixture().Chunk("fmt ", Fmt(8000)).Chunk("fmt ", Fmt(44100)).Chunk("data", Data(1000)).ToBytes();
        using var reader = Reader(wav, seekable);

        Assert.Equal(8000, reader.SampleRate);
        Assert.Equal(Frames, ReadAll(reader).Length);
        Assert.Contains("a second 'fmt ' chunk at byte 36 (16 bytes)", Assert.Single(reader.Warnings));
    }

    [Fact]
    public void A_fmt_chunk_after_the_data_that_is_the_only_one_is_not_a_second()
    {
        var wav = new WavFixture().Chunk("data", Data(1000)).Chunk("fmt ", Fmt(8000)).ToBytes();
        using var reader = Reader(wav, seekable: true);

        Assert.Equal(Frames, ReadAll(reader).Length);
        Assert.Empty(reader.Warnings);
    }
}
