using EdgeSound.Dsp.Features;
using NWaves.FeatureExtractors.Multi;
using NWaves.FeatureExtractors.Options;
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
        var e = new AnalysisFeatureExtractor(Options with { MfccDeltas = false, Rhythm = false });
        Assert.Equal(2 * (20 + 12 + 4 + 7 + 2), e.FeatureNames.Length);
        Assert.Contains("mfcc_03_mean", e.FeatureNames);
        Assert.Contains("chroma_C_std", e.FeatureNames);
        Assert.Contains("contrast_06_mean", e.FeatureNames);
        Assert.Contains("centroid_mean", e.FeatureNames);
        Assert.Contains("rms_std", e.FeatureNames);
        Assert.Equal(e.FeatureNames.Length, e.FeatureNames.Distinct().Count());
        var withDeltas = new AnalysisFeatureExtractor(Options);
        Assert.Equal((2 * (20 + 12 + 4 + 7 + 2 + 20)) + 2, withDeltas.FeatureNames.Length);
        Assert.Contains("mfcc_delta_19_std", withDeltas.FeatureNames);
        Assert.Equal(["tempo_bpm", "onset_rate"], withDeltas.FeatureNames[^2..]);
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
        string[] pitches = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
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
        // NWaves takes the flatness of the magnitude spectrum (librosa: of the power spectrum), so a tone's is ~0.01.
        Assert.InRange(tone, 0f, 0.02f);
        Assert.True(noise > 40 * tone, $"noise {noise}, tone {tone}");
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
        Assert.Equal(0f, Feature(e, f, "flatness_mean"));
        Assert.Equal(0f, Feature(e, f, "contrast_03_mean"));
    }

    [Fact]
    public void NWavesOwnContrastOfASilentFrameIsNaNWhichSilentFramesReplaces()
    {
        // Why the guard exists: NWaves' built-in contrast (c1..c6) divides 0 by 0 on digital silence.
        var spectral = new SpectralFeaturesExtractor(new MultiFeatureOptions
        {
            SamplingRate = 16000, FrameSize = 1024, HopSize = 512, FeatureList = "centroid, c1, c2",
        });
        List<float[]> frames = spectral.ComputeFrom(new float[4096]);
        Assert.True(float.IsNaN(frames[0][1]), $"NWaves gave {frames[0][1]} for the contrast of silence");
        Assert.Equal(2 * frames.Count, SilentFrames.ReplaceNonFinite(frames, frames.Count));
        Assert.All(frames, frame => Assert.Equal([0f, SilentFrames.Value, SilentFrames.Value], frame));
    }

    [Fact]
    public void DigitalSilenceAfterAToneKeepsEveryFeatureFinite()
    {
        // A tone for 1 s, then 1 s of digital silence (as ESC-50 pads its clips).
        var e = new AnalysisFeatureExtractor(Options);
        float[] tone = Tone(1000);
        float[] padded = [.. tone, .. new float[tone.Length]];
        float[] whole = e.ExtractClip(tone);
        float[] half = e.ExtractClip(padded);
        Assert.All(half, v => Assert.True(float.IsFinite(v)));
        // Silent frames add no energy: the mean RMS halves.
        Assert.Equal(Feature(e, whole, "rms_mean") / 2, Feature(e, half, "rms_mean"), Feature(e, whole, "rms_mean") * 0.05f);
        Assert.True(Feature(e, half, "centroid_std") > Feature(e, whole, "centroid_std"));
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
    [InlineData(nameof(AnalysisFeatureOptions.RollOffFraction))]
    [InlineData(nameof(AnalysisFeatureOptions.ContrastLowHz))]
    public void InvalidOptionsNameTheProperty(string property)
    {
        AnalysisFeatureOptions bad = property switch
        {
            nameof(AnalysisFeatureOptions.FftSize) => Options with { FftSize = 1000 },
            nameof(AnalysisFeatureOptions.FrameLength) => Options with { FrameLength = 2048 },
            nameof(AnalysisFeatureOptions.Hop) => Options with { Hop = 0 },
            nameof(AnalysisFeatureOptions.MfccCount) => Options with { MfccCount = 200 },
            nameof(AnalysisFeatureOptions.RollOffFraction) => Options with { RollOffFraction = 1.5 },
            _ => Options with { ContrastLowHz = 1000 },
        };
        var ex = Assert.Throws<ArgumentException>(() => new AnalysisFeatureExtractor(bad));
        Assert.Contains(property, ex.Message);
    }

    [Fact]
    public void ContrastOfAToneStandsOutInItsBandOnly()
    {
        // 1 kHz lies in band 3 (800-1600 Hz): a sharp peak over a low valley. White noise is flat in every band.
        var e = new AnalysisFeatureExtractor(Options);
        float[] tone = e.ExtractClip(Tone(1000));
        float[] noise = e.ExtractClip(Noise(7));
        Assert.True(Feature(e, tone, "contrast_03_mean") > Feature(e, noise, "contrast_03_mean") + 20, $"tone {Feature(e, tone, "contrast_03_mean")} dB, noise {Feature(e, noise, "contrast_03_mean")} dB");
        Assert.InRange(Feature(e, noise, "contrast_03_mean"), 0f, 25f);
    }

    [Fact]
    public void ContrastBandsFollowLibrosaLayout()
    {
        var bands = new ContrastBands(Options);
        Assert.Equal(7, bands.Count);
        var magnitude = new float[Options.FftSize / 2 + 1];
        // Bin k is k * 15.625 Hz: 200-400 Hz holds bins 13..25; band 1 adds bin 12 below and drops its top bin 25.
        for (int k = 0; k < magnitude.Length; k++) magnitude[k] = k;
        Assert.Equal(24f, bands.Peak(magnitude, 1));
        Assert.Equal(12f, bands.Valley(magnitude, 1));
        Assert.Equal(512f, bands.Peak(magnitude, 6), 5f);
    }
}
