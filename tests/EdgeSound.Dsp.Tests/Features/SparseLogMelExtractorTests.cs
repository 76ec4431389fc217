using EdgeSound.Dsp.Features;
using NWaves.FeatureExtractors;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Features;

public sealed class SparseLogMelExtractorTests(ITestOutputHelper output)
{
    private static readonly AnalysisFeatureOptions Options = AnalysisFeatureOptions.Default;

    /// <summary>Seeded noise with a 700 Hz tone, a silent stretch and a loud burst: every band and the log floor get exercised.</summary>
    private static float[] Clip()
    {
        var rng = new Random(11);
        var x = new float[40000];
        for (int i = 0; i < x.Length; i++)
        {
            bool silent = i is > 12000 and < 20000;
            double burst = i is > 30000 and < 31000 ? 0.9 : 0.05;
            x[i] = silent ? 0f : (float)((burst * ((2 * rng.NextDouble()) - 1)) + (0.3 * Math.Sin(2 * Math.PI * 700 * i / 16000)));
        }

        return x;
    }

    [Fact]
    public void EqualsNWavesDenseFilterbankProduct()
    {
        float[] x = Clip();
        var dense = new FilterbankExtractor(ExtractorOptions.LogMel(Options));
        var sparse = new SparseLogMelExtractor(ExtractorOptions.LogMel(Options));

        List<float[]> expected = dense.ComputeFrom(x);
        List<float[]> actual = sparse.ComputeFrom(x);

        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (int t = 0; t < expected.Count; t++)
        {
            for (int b = 0; b < Options.MelBands; b++)
            {
                worst = Math.Max(worst, Math.Abs(expected[t][b] - actual[t][b]));
            }
        }

        output.WriteLine($"{expected.Count} frames x {Options.MelBands} bands: largest difference {worst} dB; {sparse.NonZeroSpan} of {Options.MelBands * ((Options.FftSize / 2) + 1)} weights multiplied per frame");
        // Same additions in the same order (the skipped terms are exact zeros): equal to the last bit.
        Assert.Equal(0.0, worst);
        Assert.InRange(sparse.NonZeroSpan, 1, Options.MelBands * ((Options.FftSize / 2) + 1) / 20);
        Assert.Equal(actual, Assert.IsType<SparseLogMelExtractor>(sparse.ParallelCopy()).ComputeFrom(x));
    }

    [Fact]
    public void RefusesOptionsItDoesNotImplement()
    {
        var magnitude = ExtractorOptions.LogMel(Options);
        magnitude.SpectrumType = NWaves.FeatureExtractors.Options.SpectrumType.Magnitude;
        Assert.Throws<ArgumentException>(() => new SparseLogMelExtractor(magnitude));
    }
}
