using EdgeSound.Daemon.Hosting;
using Xunit;

namespace EdgeSound.Daemon.Tests.Hosting;

/// <summary>The bring-up verdicts of <c>--check-audio</c>, each from a signal made to show one fault.</summary>
public sealed class AudioVerdictTests
{
    private const int Rate = 48000;

    /// <summary>Sound as a microphone gives it: a 440 Hz tone over low-passed noise, at <paramref name="amplitude"/>.</summary>
    private static float[] Sound(double amplitude, double dc = 0, int seconds = 1)
    {
        var random = new Random(3);
        var x = new float[Rate * seconds];
        double smooth = 0;
        for (var i = 0; i < x.Length; i++)
        {
            smooth += 0.05 * ((random.NextDouble() * 2) - 1 - smooth);
            x[i] = (float)((amplitude * ((0.7 * Math.Sin(2 * Math.PI * 440 * i / Rate)) + smooth)) + dc);
        }

        return x;
    }

    /// <summary>Random bits as a floating I2S data line delivers them: white, near full scale.</summary>
    private static float[] RandomBits()
    {
        var random = new Random(5);
        return Enumerable.Range(0, Rate).Select(_ => (float)((random.NextDouble() * 1.9) - 0.95)).ToArray();
    }

    private static string Judge(params float[][] channels) => AudioVerdict.Judge(channels.Select(c => AudioStats.Of(c)).ToArray(), 0, null, -60, "ALSA test");

    [Fact]
    public void All_zeros_on_every_channel_is_no_signal_with_the_wires_to_check()
    {
        var verdict = Judge(new float[Rate], new float[Rate]);

        Assert.StartsWith("NO SIGNAL: all samples are zero", verdict, StringComparison.Ordinal);
        Assert.Contains("pin 38", verdict);
    }

    [Fact]
    public void A_silent_channel_beside_a_live_one_names_the_channel_to_use()
    {
        Assert.Equal(
            "ONE CHANNEL SILENT: channel 0 is all zeros but channel 1 carries sound: set audio:channel: 1, or tie the microphone's L/R (SEL) pin to GND (left slot)",
            Judge(new float[Rate], Sound(0.1)));
    }

    [Fact]
    public void Random_bits_are_only_noise()
    {
        var stats = AudioStats.Of(RandomBits());

        Assert.InRange(stats.Lag1Correlation, -0.05, 0.05);
        Assert.StartsWith("ONLY NOISE: loud white noise", Judge(RandomBits()), StringComparison.Ordinal);
    }

    [Fact]
    public void Sound_at_the_same_level_is_not_noise()
    {
        var stats = AudioStats.Of(Sound(0.5));

        Assert.InRange(stats.Lag1Correlation, 0.9, 1.0);
        Assert.Equal("OK (above the detection gate)", Judge(Sound(0.5)));
    }

    [Fact]
    public void Full_scale_samples_are_clipping_with_their_count()
    {
        var x = Sound(0.1);
        x[100] = 1f;
        x[200] = -1f;

        Assert.StartsWith("CLIPPING: 2 samples at full scale", Judge(x), StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_dc_offset_is_named_with_its_size()
    {
        Assert.StartsWith("LARGE DC OFFSET (+0.200 of full scale)", Judge(Sound(0.01, dc: 0.2)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_quiet_input_is_named_with_its_level()
    {
        Assert.StartsWith("VERY QUIET (-9", Judge(Sound(3e-5)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quiet_room_is_ok_below_the_gate()
    {
        Assert.Equal("OK (room is below the detection gate: silence costs nothing)", Judge(Sound(3e-4)));
    }
}
