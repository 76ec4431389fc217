using EdgeSound.Dsp.Synthesis;
using Xunit;

namespace EdgeSound.Dsp.Tests.Synthesis;

public sealed class AdsrEnvelopeTests
{
    private const int Rate = 16000;

    [Theory]
    [InlineData(10, 40, 0.5, 80, 200)]
    [InlineData(5, 40, 0.6, 80, 120)]
    [InlineData(0.5, 3, 0.25, 7, 30)]
    public void StageTimesAreWithinOneMillisecond(double attack, double decay, double sustain, double release, double gateMs)
    {
        var envelope = new AdsrEnvelope(attack, decay, sustain, release);
        int gate = (int)(gateMs * Rate / 1000);
        var gains = new float[gate + (Rate / 2)];
        envelope.Render(gate, Rate, gains);

        int peak = Array.FindIndex(gains, g => g >= 1f);
        double peakAt = Ms(peak + 1);
        double sustainAt = Ms(Array.FindIndex(gains, peak, g => Math.Abs(g - sustain) < 1e-6) + 1);
        double silentAt = Ms(Array.FindLastIndex(gains, g => g > 0) + 1);

        Assert.InRange(peakAt, attack - 1, attack + 1);
        Assert.InRange(sustainAt, attack + decay - 1, attack + decay + 1);
        Assert.InRange(silentAt, gateMs + release - 1, gateMs + release + 1);
        Assert.All(gains.AsSpan(Ms2(attack + decay + 1), gate - Ms2(attack + decay + 1)).ToArray(), g => Assert.Equal(sustain, g, 6));
    }

    [Fact]
    public void RenderedNoteFollowsTheEnvelopeStageTimes()
    {
        float[] note = CueRenderer.Render(PatternParser.Parse("bpm=120 wave=sine adsr=20,30,0.5,60: 1000hz/4"), Rate);
        double[] level = MillisecondPeaks(note);
        int loudest = Array.IndexOf(level, level.Max());

        Assert.InRange(loudest, 18, 21);
        Assert.Equal(0.5, level[100] / level.Max(), 2);
        Assert.InRange(Array.FindLastIndex(level, v => v > 1e-4), 558, 561);
        Assert.Equal(Rate * 560 / 1000, note.Length);
    }

    [Fact]
    public void ShortGateReleasesFromTheLevelReached()
    {
        var gains = new float[Rate];
        new AdsrEnvelope(100, 0, 1, 50).Render(Rate / 20, Rate, gains);
        float atGateOff = gains[(Rate / 20) - 1];

        Assert.Equal(0.5f, atGateOff, 3);
        Assert.True(gains[(Rate / 20) + 1] < atGateOff);
        Assert.Equal(0f, gains[(Rate / 20) + (Rate / 20)]);
    }

    private static double Ms(int samples) => samples * 1000.0 / Rate;

    private static int Ms2(double ms) => (int)Math.Round(ms * Rate / 1000);

    private static double[] MillisecondPeaks(float[] x)
    {
        int step = Rate / 1000;
        var peaks = new double[x.Length / step];
        for (int i = 0; i < peaks.Length; i++)
        {
            for (int n = i * step; n < (i + 1) * step; n++)
            {
                peaks[i] = Math.Max(peaks[i], Math.Abs(x[n]));
            }
        }

        return peaks;
    }
}
