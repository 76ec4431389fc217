using EdgeSound.Dsp.Features;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Features;

public sealed class AnalysisPreFilterTests(ITestOutputHelper output)
{
    private const int Rate = 16000;

    private static float[] Tone(double hz, int length = 2 * Rate)
    {
        var x = new float[length];
        for (int n = 0; n < length; n++)
        {
            x[n] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * n / Rate));
        }

        return x;
    }

    /// <summary>RMS level in dB of the second half (the filter's transient long gone).</summary>
    private static double SteadyDb(float[] x)
    {
        double sum = 0;
        for (int n = x.Length / 2; n < x.Length; n++)
        {
            sum += (double)x[n] * x[n];
        }

        return 10 * Math.Log10(sum / (x.Length - (x.Length / 2)));
    }

    /// <summary>
    /// Gain in dB of a second-order Butterworth filter made by the bilinear transform with the cut-off pre-warped (what
    /// the Audio EQ Cookbook biquad at Q = 1/√2 is): |H|² = 1 / (1 + r⁴), r = tan(π fc / fs) / tan(π f / fs) for the
    /// high-pass and its inverse for the low-pass.
    /// </summary>
    private static double ButterworthGainDb(double f, double cutoff, bool highPass)
    {
        double r = Math.Tan(Math.PI * cutoff / Rate) / Math.Tan(Math.PI * f / Rate);
        r = highPass ? r : 1 / r;
        return -10 * Math.Log10(1 + Math.Pow(r, 4));
    }

    [Theory]
    [InlineData(250, 1000, 0, true)] // two octaves below a 1 kHz high-pass: -24.31 dB
    [InlineData(4000, 1000, 0, true)] // inside: -0.01 dB
    [InlineData(6000, 0, 2000, false)] // 1.58 octaves above a 2 kHz low-pass: -30.63 dB (the bilinear transform steepens it near Nyquist)
    [InlineData(500, 0, 2000, false)] // inside: -0.01 dB
    public void AttenuatesByTheButterworthBiquadResponse(double hz, double highPass, double lowPass, bool isHighPass)
    {
        var filter = new AnalysisPreFilter(AnalysisFeatureOptions.Default with { HighPassHz = highPass, LowPassHz = lowPass });
        float[] tone = Tone(hz);

        double measured = SteadyDb(filter.Apply(tone)) - SteadyDb(tone);
        double expected = ButterworthGainDb(hz, isHighPass ? highPass : lowPass, isHighPass);

        output.WriteLine($"{hz} Hz through {(isHighPass ? $"high-pass {highPass}" : $"low-pass {lowPass}")} Hz: {measured:0.000} dB, Butterworth biquad {expected:0.000} dB");
        Assert.Equal(expected, measured, 0.05);
    }

    [Fact]
    public void BandPassKeepsTheMiddleAndCutsBothSides()
    {
        var filter = new AnalysisPreFilter(AnalysisFeatureOptions.Default with { HighPassHz = 300, LowPassHz = 3000 });
        Assert.True(filter.IsActive);

        Assert.InRange(SteadyDb(filter.Apply(Tone(1000))) - SteadyDb(Tone(1000)), -0.2, 0);
        Assert.True(SteadyDb(filter.Apply(Tone(75))) - SteadyDb(Tone(75)) < -20);
        Assert.True(SteadyDb(filter.Apply(Tone(7000))) - SteadyDb(Tone(7000)) < -12);
    }

    [Fact]
    public void WithoutCutOffsTheClipPassesUnchanged()
    {
        var filter = new AnalysisPreFilter(AnalysisFeatureOptions.Default);
        float[] tone = Tone(100);
        Assert.False(filter.IsActive);
        Assert.Equal(tone, filter.Apply(tone));
    }

    [Fact]
    public void FeaturesSeeTheFilteredClip()
    {
        // rms_mean of a 250 Hz tone drops by the high-pass's 24.3 dB; the clip is filtered afresh every time.
        var plain = new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default);
        var filtered = new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default with { HighPassHz = 1000 });
        float[] tone = Tone(250, 5 * Rate);
        int rms = Array.IndexOf(plain.FeatureNames, "rms_mean");

        double drop = 20 * Math.Log10(filtered.ExtractClip(tone)[rms] / plain.ExtractClip(tone)[rms]);

        output.WriteLine($"rms_mean of 250 Hz through a 1 kHz high-pass: {drop:0.00} dB");
        Assert.Equal(ButterworthGainDb(250, 1000, highPass: true), drop, 0.5);
        Assert.Equal(filtered.ExtractClip(tone), filtered.ExtractClip(tone));
    }

    [Theory]
    [InlineData(-50, 0, "HighPassHz")]
    [InlineData(8000, 0, "HighPassHz")]
    [InlineData(0, 9000, "LowPassHz")]
    [InlineData(double.NaN, 0, "HighPassHz")]
    [InlineData(2000, 1000, "HighPassHz")]
    public void RefusesCutOffsOutsideTheBand(double highPass, double lowPass, string property)
    {
        var bad = AnalysisFeatureOptions.Default with { HighPassHz = highPass, LowPassHz = lowPass };
        var ex = Assert.Throws<ArgumentException>(() => new AnalysisPreFilter(bad));
        Assert.Contains(property, ex.Message);
    }
}
