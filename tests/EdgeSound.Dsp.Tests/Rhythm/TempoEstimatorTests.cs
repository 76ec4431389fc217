using EdgeSound.Dsp.Rhythm;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Rhythm;

public sealed class TempoEstimatorTests(ITestOutputHelper output)
{
    private const int Rate = 16000;

    [Theory]
    [InlineData(60)]
    [InlineData(90)]
    [InlineData(120)]
    [InlineData(150)]
    public void FindsClickTrackTempoWithinTwoBpm(double bpm)
    {
        float[] clicks = ClickTrack(bpm, seconds: 12, noiseLevel: 0.01);

        TempoEstimate? estimate = TempoEstimator.Estimate(OnsetStrength.Compute(clicks, Rate));

        Assert.NotNull(estimate);
        output.WriteLine($"{bpm} BPM click track: estimated {estimate.Bpm:0.00} BPM (error {estimate.Bpm - bpm:+0.00;-0.00}), strength {estimate.Strength:0.00}");
        Assert.InRange(estimate.Bpm, bpm - 2, bpm + 2);
        Assert.True(estimate.Strength > 0.3);
    }

    [Fact]
    public void OnsetRateCountsClicks()
    {
        OnsetEnvelope envelope = OnsetStrength.Compute(ClickTrack(150, seconds: 8, noiseLevel: 0.01), Rate);
        Assert.InRange(envelope.OnsetRate(), 2.3, 2.7);
        Assert.Equal(200, envelope.FramesPerSecond);
    }

    [Fact]
    public void SilenceAndShortInputHaveNoTempo()
    {
        Assert.Null(TempoEstimator.Estimate(OnsetStrength.Compute(new float[Rate * 5], Rate)));
        Assert.Null(TempoEstimator.Estimate(OnsetStrength.Compute(ClickTrack(120, seconds: 1, noiseLevel: 0), Rate)));
        Assert.Empty(OnsetStrength.Compute(new float[100], Rate).Values);
        Assert.Equal(0, OnsetStrength.Compute(new float[Rate], Rate).OnsetRate());
    }

    /// <summary>10 ms decaying 1.5 kHz bursts at each beat over seeded white noise.</summary>
    private static float[] ClickTrack(double bpm, double seconds, double noiseLevel)
    {
        var x = new float[(int)(seconds * Rate)];
        var random = new Random(3);
        for (int n = 0; n < x.Length; n++)
        {
            x[n] = (float)(noiseLevel * ((2 * random.NextDouble()) - 1));
        }

        for (double t = 0.1; t < seconds; t += 60 / bpm)
        {
            int start = (int)Math.Round(t * Rate);
            for (int n = 0; n < Rate / 100 && start + n < x.Length; n++)
            {
                x[start + n] += (float)(0.8 * Math.Exp(-n / 40.0) * Math.Sin(2 * Math.PI * 1500 * n / Rate));
            }
        }

        return x;
    }
}
