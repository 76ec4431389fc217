using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using Xunit;

namespace EdgeSound.Dsp.Tests.Synthesis;

public sealed class MixerTests
{
    private const int Rate = 16000;
    private static readonly short MinusOneDbfs = (short)Math.Floor(32768 * Math.Pow(10, -1 / 20.0));

    [Fact]
    public void OverlappingLoudVoicesPeakAtMostMinusOneDbfs()
    {
        var mixer = new Mixer(Rate, PeakLimiter.Default);
        var random = new Random(7);
        for (int v = 0; v < 12; v++)
        {
            var voice = new float[Rate / 2];
            BandLimitedOscillator.Render(Waveform.Square, 100 + (97 * v), Rate, voice);
            mixer.Add(voice, random.Next(Rate), 0.9f);
        }

        short[] pcm = Pcm.ToInt16(mixer.Mix());

        Assert.True(pcm.Max(s => Math.Abs((int)s)) <= MinusOneDbfs, $"peak {pcm.Max(s => Math.Abs((int)s))} > {MinusOneDbfs}");
    }

    [Fact]
    public void LimiterRampsInsteadOfStepping()
    {
        var x = Enumerable.Range(0, Rate).Select(n => (float)(n == Rate / 2 ? 4 : 0.5 * Math.Sin(2 * Math.PI * 440 * n / Rate))).ToArray();
        var y = (float[])x.Clone();
        PeakLimiter.Default.Process(y, Rate);

        double[] gains = Enumerable.Range(0, Rate).Where(n => Math.Abs(x[n]) > 0.3).Select(n => (double)y[n] / x[n]).ToArray();
        Assert.True(y.Max(Math.Abs) <= Math.Pow(10, -1.01 / 20) + 1e-6);
        Assert.True(gains.Min() < 0.25, "the spike was not limited");
        Assert.Equal(1.0, gains[0], 6);
        Assert.True(gains.Zip(gains.Skip(1)).Max(p => Math.Abs(p.First - p.Second)) < 0.5, "the gain jumps");
    }

    [Fact]
    public void QuietMixPassesUnchanged()
    {
        var mixer = new Mixer(Rate, PeakLimiter.Default);
        float[] voice = Enumerable.Range(0, 800).Select(n => (float)(0.3 * Math.Sin(n * 0.1))).ToArray();
        mixer.Add(voice, 100, 1f);

        float[] mix = mixer.Mix();

        Assert.Equal(900, mix.Length);
        Assert.Equal(voice, mix[100..]);
    }

    [Fact]
    public void RenderedCuesNeverExceedMinusOneDbfs()
    {
        foreach (string text in new[] { "bpm=200 wave=square adsr=0,0,1,500: [C4/16 C5/16 C6/16]x8", "wave=sawtooth adsr=1,1,1,1 noise=0.5: A2/1@127", "wave=noise: 300hz/2@127 5000hz/2@127" })
        {
            short[] pcm = Pcm.ToInt16(CueRenderer.Render(PatternParser.Parse(text), Rate));
            Assert.True(pcm.Max(s => Math.Abs((int)s)) <= MinusOneDbfs, text);
        }
    }
}
