using System.Buffers.Binary;
using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>
/// IEEE float samples that are NaN, infinite or over 1000 times full scale are refused by the reader, naming the file
/// and the frame.
/// </summary>
public sealed class WavNonFiniteTests
{
    private const string Name = "float.wav";

    private static byte[] Float32(params float[] samples) =>
        new WavFixture().Chunk("fmt ", WavFixture.Fmt(WavFormatTags.IeeeFloat, 1, 16000, 32)).Chunk("data", WavFixture.FloatData(samples)).ToBytes();

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "infinite")]
    [InlineData(float.NegativeInfinity, "infinite")]
    public void A_non_finite_float32_sample_is_refused_naming_file_and_frame(float bad, string what)
    {
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(Float32(0.1f, -0.2f, bad, 0.3f)), Name));
        Assert.Equal($"{Name}: sample frame 2 is {what}: an IEEE float sample must be a finite number", e.Message);
    }

    [Fact]
    public void A_float64_sample_too_large_for_a_float_is_refused()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.5);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), 1e300);
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(WavFormatTags.IeeeFloat, 1, 16000, 64)).Chunk("data", data).ToBytes();
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(wav), Name));
        Assert.Equal($"{Name}: sample frame 1 is 1E+300: an IEEE float sample must be within ±1000 (full scale is 1; integer sample values written as floats?)", e.Message);
    }

    [Theory]
    [InlineData(3e38f, "3E+38")]
    [InlineData(-1001f, "-1001")]
    public void A_finite_float32_sample_far_beyond_full_scale_is_refused_rather_than_overflow_to_silence(float bad, string shown)
    {
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(Float32(0.1f, bad, -0.2f)), Name));
        Assert.Equal($"{Name}: sample frame 1 is {shown}: an IEEE float sample must be within ±1000 (full scale is 1; integer sample values written as floats?)", e.Message);
    }

    [Fact]
    public void Two_channels_at_the_float_limit_are_refused_rather_than_averaged_into_infinity()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(WavFormatTags.IeeeFloat, 2, 16000, 32)).Chunk("data", WavFixture.FloatData(3e38f, 3e38f)).ToBytes();
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(wav), Name));
        Assert.StartsWith($"{Name}: sample frame 0 is 3E+38: an IEEE float sample must be within ±1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_frame_is_counted_across_reads_and_the_frames_before_it_are_delivered()
    {
        var samples = new float[40000];
        samples[33333] = float.NaN;
        using var reader = new WavStreamReader(new MemoryStream(Float32(samples)), Name);
        var buffer = new float[1000];
        int delivered = 0;
        var e = Assert.Throws<WavFormatException>(() =>
        {
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                delivered += n;
            }
        });
        Assert.Equal($"{Name}: sample frame 33333 is NaN: an IEEE float sample must be a finite number", e.Message);
        Assert.Equal(33000, delivered);
    }

    [Fact]
    public void Finite_float_samples_outside_the_unit_range_are_still_passed_through()
    {
        Assert.Equal([0.5f, -3f, 2f, 1000f], WavReader.Read(new MemoryStream(Float32(0.5f, -3f, 2f, 1000f)), Name).Samples);
    }
}
