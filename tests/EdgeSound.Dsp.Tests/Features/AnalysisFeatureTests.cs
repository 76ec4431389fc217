using EdgeSound.Dsp.Features;
using Xunit;

namespace EdgeSound.Dsp.Tests.Features;

public sealed class AnalysisFeatureTests
{
    private static readonly AnalysisFeatureOptions Options = AnalysisFeatureOptions.Default;

    private static float[] Tone(double hz, int length = 16000, double amplitude = 0.5)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / 16000));
        }

        return x;
    }

    private static float[] Noise(int seed, int length = 16000)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(rng.NextDouble() - 0.5);
        }

        return x;
    }

    private static float Feature(AnalysisFeatureExtractor e, float[] values, string name) =>
        values[Array.IndexOf(e.FeatureNames, name)];

    [Fact]
    public void NamesFollowTheScheme()
    {
        var e = new AnalysisFeatureExtractor(Options with { MfccDeltas = false });
        Assert.Equal(2 * (20 + 12 + 7 + 6), e.FeatureNames.Length);
        Assert.Contains("mfcc_03_mean", e.FeatureNames);
        Assert.Contains("chroma_C_std", e.FeatureNames);
        Assert.Contains("contrast_06_mean", e.FeatureNames);
        Assert.Contains("centroid_mean", e.FeatureNames);
        Assert.Contains("rms_std", e.FeatureNames);
        Assert.Equal(e.FeatureNames.Length, e.FeatureNames.Distinct().Count());
        var withDeltas = new AnalysisFeatureExtractor(Options);
        Assert.Equal(2 * (20 + 12 + 7 + 6 + 20), withDeltas.FeatureNames.Length);
        Assert.Contains("mfcc_delta_19_std", withDeltas.FeatureNames);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(3000)]
    public void ToneCentroidAndRollOffSitAtTheTone(double hz)
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] f = e.ExtractClip(Tone(hz));
        double bin = 16000.0 / Options.FftSize;
        Assert.InRange(Feature(e, f, "centroid_mean"), hz - 3 * bin, hz + 3 * bin);
        Assert.InRange(Feature(e, f, "rolloff_mean"), hz, hz + 3 * bin);
        Assert.InRange(Feature(e, f, "bandwidth_mean"), 0, 10 * bin);
    }

    [Fact]
    public void ChromaOfA440PeaksAtA()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] f = e.ExtractClip(Tone(440));
        string[] pitches = ChromaExtractor.PitchClasses;
        int best = 0;
        for (int c = 1; c < pitches.Length; c++)
        {
            if (Feature(e, f, $"chroma_{pitches[c]}_mean") > Feature(e, f, $"chroma_{pitches[best]}_mean"))
            {
                best = c;
            }
        }

        Assert.Equal("A", pitches[best]);
        Assert.InRange(Feature(e, f, "chroma_A_mean"), 0.95f, 1f);
    }

    [Fact]
    public void ChromaOfC5PeaksAtC()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] f = e.ExtractClip(Tone(523.25));
        Assert.True(Feature(e, f, "chroma_C_mean") > 0.95f);
        Assert.True(Feature(e, f, "chroma_F#_mean") < 0.2f);
    }

    [Fact]
    public void WhiteNoiseIsFlatAndToneIsNot()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float noise = Feature(e, e.ExtractClip(Noise(1)), "flatness_mean");
        float tone = Feature(e, e.ExtractClip(Tone(1000)), "flatness_mean");
        Assert.InRange(noise, 0.5f, 1f);
        Assert.InRange(tone, 0f, 0.01f);
    }

    [Fact]
    public void ZeroCrossingRateAndRmsOfATone()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] f = e.ExtractClip(Tone(1000, 32000));
        Assert.InRange(Feature(e, f, "zcr_mean"), 2 * 1000 / 16000f - 0.01f, 2 * 1000 / 16000f + 0.01f);
        Assert.InRange(Feature(e, f, "rms_mean"), 0.5f / MathF.Sqrt(2) - 0.02f, 0.5f / MathF.Sqrt(2) + 0.001f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(16000)]
    public void DigitalSilenceGivesFiniteValues(int length)
    {
        var e = new AnalysisFeatureExtractor(Options with { MfccDeltas = true });
        float[] f = e.ExtractClip(new float[length]);
        Assert.All(f, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(0f, Feature(e, f, "centroid_mean"));
        Assert.Equal(0f, Feature(e, f, "rms_mean"));
        Assert.Equal(1f, Feature(e, f, "flatness_mean"), 1e-5f);
    }

    [Fact]
    public void ScalingTheSignalChangesOnlyC0()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] x = Noise(2);
        float[] scaled = x.Select(v => v * 0.1f).ToArray();
        float[] a = e.ExtractClip(x);
        float[] b = e.ExtractClip(scaled);
        int c0 = Array.IndexOf(e.FeatureNames, "mfcc_00_mean");
        double expectedShift = 20 * Math.Sqrt(Options.MelBands) * Math.Log10(0.1);
        Assert.Equal(expectedShift, b[c0] - a[c0], 0.05);
        for (int c = 1; c < 20; c++)
        {
            int i = Array.IndexOf(e.FeatureNames, $"mfcc_{c:00}_mean");
            Assert.Equal(a[i], b[i], 0.01f);
        }
    }

    [Fact]
    public void ExtractionIsDeterministicAndReusesBuffersAcrossLengths()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] first = e.ExtractClip(Noise(3, 8000));
        e.ExtractClip(Noise(4, 40000));
        float[] again = e.ExtractClip(Noise(3, 8000));
        Assert.Equal(first, again);
    }

    [Fact]
    public void MfccDeltaOfARisingLevelIsPositiveInC0()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] x = Noise(6, 32000);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= (float)Math.Pow(10, 2.0 * i / x.Length);
        }

        float[] f = e.ExtractClip(x);
        float perFrameDb = 40f / (x.Length / Options.Hop);
        float expected = perFrameDb * MathF.Sqrt(Options.MelBands);
        Assert.InRange(Feature(e, f, "mfcc_delta_00_mean"), 0.8f * expected, 1.2f * expected);
    }

    [Fact]
    public void MfccOfWhiteNoiseHasLowCoefficientsNearZeroSlope()
    {
        var e = new AnalysisFeatureExtractor(Options);
        float[] f = e.ExtractClip(Noise(5));
        float c0 = Feature(e, f, "mfcc_00_mean");
        float c5 = Feature(e, f, "mfcc_05_mean");
        Assert.True(Math.Abs(c5) < Math.Abs(c0) / 5, $"c0 {c0}, c5 {c5}");
    }

    [Theory]
    [InlineData(nameof(AnalysisFeatureOptions.FftSize))]
    [InlineData(nameof(AnalysisFeatureOptions.FrameLength))]
    [InlineData(nameof(AnalysisFeatureOptions.Hop))]
    [InlineData(nameof(AnalysisFeatureOptions.MfccCount))]
    [InlineData(nameof(AnalysisFeatureOptions.ContrastLowHz))]
    public void InvalidOptionsNameTheProperty(string property)
    {
        AnalysisFeatureOptions bad = property switch
        {
            nameof(AnalysisFeatureOptions.FftSize) => Options with { FftSize = 1000 },
            nameof(AnalysisFeatureOptions.FrameLength) => Options with { FrameLength = 2048 },
            nameof(AnalysisFeatureOptions.Hop) => Options with { Hop = 0 },
            nameof(AnalysisFeatureOptions.MfccCount) => Options with { MfccCount = 200 },
            _ => Options with { ContrastLowHz = 1000 },
        };
        var ex = Assert.Throws<ArgumentException>(() => new AnalysisFeatureExtractor(bad));
        Assert.Contains(property, ex.Message);
    }

    [Fact]
    public void SlaneyMelScaleIsLinearBelow1kHz()
    {
        Assert.Equal(15.0, SlaneyMelFilterbank.HzToMel(1000), 9);
        Assert.Equal(3.0, SlaneyMelFilterbank.HzToMel(200), 9);
        Assert.Equal(4000.0, SlaneyMelFilterbank.MelToHz(SlaneyMelFilterbank.HzToMel(4000)), 6);
    }

    [Fact]
    public void MelFiltersHaveEqualArea()
    {
        var bank = new SlaneyMelFilterbank(40, 4096, 16000, 0, 8000);
        double binHz = 16000.0 / 4096;
        for (int b = 5; b < 40; b++)
        {
            double area = 0;
            for (int k = 0; k <= 2048; k++)
            {
                area += bank.Weight(b, k) * binHz;
            }

            Assert.Equal(1.0, area, 0.05);
        }
    }
}
