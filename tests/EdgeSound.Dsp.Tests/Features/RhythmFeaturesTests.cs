using EdgeSound.Dsp.Features;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Features;

public sealed class RhythmFeaturesTests(ITestOutputHelper output)
{
    private const int Rate = 16000;

    /// <summary>A 5 s clip (an ESC-50 clip's length) of 10 ms decaying 1.5 kHz clicks every beat from 0.1 s, over seeded noise at -40 dBFS.</summary>
    private static float[] ClickTrack(double bpm, double seconds = 5)
    {
        var x = new float[(int)(seconds * Rate)];
        var random = new Random(5);
        for (int n = 0; n < x.Length; n++)
        {
            x[n] = (float)(0.01 * ((2 * random.NextDouble()) - 1));
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

    private static float Feature(AnalysisFeatureExtractor e, float[] values, string name) => values[Array.IndexOf(e.FeatureNames, name)];

    [Theory]
    [InlineData(60, 5)]
    [InlineData(90, 8)]
    [InlineData(120, 10)]
    [InlineData(150, 13)]
    public void TempoAndOnsetRateColumnsOfAClickTrack(double bpm, int clicks)
    {
        var e = new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default);
        float[] features = e.ExtractClip(ClickTrack(bpm));

        float tempo = Feature(e, features, "tempo_bpm");
        float rate = Feature(e, features, "onset_rate");
        output.WriteLine($"{bpm} BPM, {clicks} clicks in 5 s: tempo_bpm {tempo:0.00} (error {tempo - bpm:0.00}), onset_rate {rate:0.00}/s");
        Assert.InRange(tempo, bpm - 2, bpm + 2);
        Assert.Equal(clicks / 5.0, rate, 0.21);
    }

    [Fact]
    public void SilenceAndShortClipsHaveNoTempo()
    {
        var e = new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default);
        float[] silent = e.ExtractClip(new float[5 * Rate]);
        float[] short120 = e.ExtractClip(ClickTrack(120, seconds: 2));

        Assert.Equal(RhythmFeatures.NoTempo, Feature(e, silent, "tempo_bpm"));
        Assert.Equal(0f, Feature(e, silent, "onset_rate"));
        Assert.Equal(RhythmFeatures.NoTempo, Feature(e, short120, "tempo_bpm"));
        Assert.Equal(2.0, Feature(e, short120, "onset_rate"), 0.51);
    }

    [Fact]
    public void RhythmColumnsCanBeLeftOut()
    {
        var with = new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default);
        var without = new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default with { Rhythm = false });
        float[] clip = ClickTrack(120);

        float[] all = with.ExtractClip(clip);
        float[] some = without.ExtractClip(clip);

        Assert.Equal(with.FeatureNames[..^2], without.FeatureNames);
        Assert.Equal(all[..^2], some);
    }
}
