using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

public sealed class DelayEstimatorTests
{
    private const int Rate = 16000;
    private static readonly float[] Cue = CueRenderer.Render(PatternParser.Parse("bpm=240 wave=square adsr=2,20,0.7,30: C5/8 E5/8 G5/8 C6/8"), Rate);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1234)]
    [InlineData(16000)]
    public void FindsAQuietCopyAtItsDelayDespiteNoiseAndALouderUnrelatedTone(int delay)
    {
        var recording = Noise(delay + Cue.Length + 20000, 0.003f, seed: delay);
        for (int i = 0; i < Cue.Length; i++)
        {
            recording[delay + i] += 0.2f * Cue[i];
        }

        int burst = delay + Cue.Length + 2000;
        for (int i = 0; i < 8000; i++)
        {
            recording[burst + i] += 0.8f * MathF.Sin(2 * MathF.PI * 700 * i / Rate);
        }

        DelayEstimate found = DelayEstimator.Find(recording, Cue);

        Assert.Equal(delay, found.Lag);
        Assert.InRange(found.Correlation, 0.9, 1.0001);
    }

    [Fact]
    public void NoiseAloneCorrelatesWeakly()
    {
        DelayEstimate found = DelayEstimator.Find(Noise(3 * Cue.Length, 0.01f, seed: 7), Cue);
        Assert.InRange(found.Correlation, 0, 0.1);
    }

    [Fact]
    public void DigitalSilenceGivesZeroCorrelation()
    {
        DelayEstimate found = DelayEstimator.Find(new float[2 * Cue.Length], Cue);
        Assert.Equal(new DelayEstimate(0, 0), found);
    }

    [Fact]
    public void RefusesAReferenceLongerThanTheRecordingOrSilent()
    {
        Assert.Throws<ArgumentException>(() => DelayEstimator.Find(new float[10], new float[11]));
        Assert.Throws<ArgumentException>(() => DelayEstimator.Find(new float[10], new float[5]));
        Assert.Throws<ArgumentException>(() => DelayEstimator.Find(new float[10], []));
    }

    private static float[] Noise(int length, float amplitude, int seed)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = amplitude * (float)((random.NextDouble() * 2) - 1);
        }

        return x;
    }
}
