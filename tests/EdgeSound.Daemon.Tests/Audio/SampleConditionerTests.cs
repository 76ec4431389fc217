using EdgeSound.Daemon.Audio;
using Xunit;

namespace EdgeSound.Daemon.Tests.Audio;

public sealed class SampleConditionerTests
{
    [Fact]
    public void S32_with_24_significant_bits_scales_to_the_same_int16_as_s16()
    {
        var c = new SampleConditioner(16000, 1, 0, 0, dcRemoval: false, maxFrames: 4);
        var out32 = new short[8];
        // 24-bit sample 0x400000 (half scale) left-justified in 32 bits.
        Assert.Equal(2, c.Process(new[] { 0x400000 << 8, -(0x200000 << 8) }, out32));
        Assert.Equal([16384, -8192], out32[..2]);
    }

    [Fact]
    public void Picks_the_configured_channel_of_interleaved_frames()
    {
        var c = new SampleConditioner(16000, 2, 1, 0, dcRemoval: false, maxFrames: 8);
        var output = new short[8];
        var n = c.Process(new short[] { 1000, -5, 2000, -6, 3000, -7 }, output);
        Assert.Equal([-5, -6, -7], output[..n]);
    }

    [Fact]
    public void Gain_is_applied_in_db_and_saturates()
    {
        var c = new SampleConditioner(16000, 1, 0, 20 * Math.Log10(2), dcRemoval: false, maxFrames: 8);
        var output = new short[8];
        var n = c.Process(new short[] { 1000, -1000, 30000 }, output);
        Assert.Equal([2000, -2000, short.MaxValue], output[..n]);
    }

    [Fact]
    public void Dc_offset_is_removed()
    {
        var c = new SampleConditioner(16000, 1, 0, 0, dcRemoval: true, maxFrames: 16000);
        var input = Enumerable.Repeat((short)8000, 16000).ToArray();
        var output = new short[16000];
        for (var second = 0; second < 3; second++)
        {
            c.Process(input, output);
        }

        Assert.InRange(output[^1], -5, 5);
    }

    [Fact]
    public void Resamples_48k_to_16k_in_chunks()
    {
        var c = new SampleConditioner(48000, 1, 0, 0, dcRemoval: false, maxFrames: 4800);
        var output = new short[c.MaxOutput(4800)];
        var total = 0;
        var chunk = new short[4800];
        for (var k = 0; k < 10; k++)
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (short)(10000 * Math.Sin(2 * Math.PI * 440 * ((k * 4800) + i) / 48000.0));
            }

            total += c.Process(chunk, output);
        }

        Assert.InRange(total, 16000 - 200, 16000);
        var peak = output.Take(1000).Max(v => Math.Abs((int)v));
        Assert.InRange(peak, 9500, 10500);
    }

    [Fact]
    public void Oversized_or_ragged_chunks_are_rejected()
    {
        var c = new SampleConditioner(16000, 2, 0, 0, dcRemoval: false, maxFrames: 2);
        Assert.Throws<ArgumentException>(() => c.Process(new short[3], new short[8]));
        Assert.Throws<ArgumentException>(() => c.Process(new short[6], new short[8]));
    }
}
