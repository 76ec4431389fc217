using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace EdgeSound.Dsp.Tests.Synthesis;

public sealed class CueComposerTests
{
    private static readonly ComposerInputs Example = new(120, 9, Mode.Minor, 0.7, 0.2, 4, 1);

    [Fact]
    public void SameSeedSamePatternOtherSeedsDiffer()
    {
        string first = CueComposer.Compose(Example).ToText();

        Assert.Equal(first, CueComposer.Compose(Example).ToText());
        string[] others = Enumerable.Range(2, 30).Select(s => CueComposer.Compose(Example with { Seed = s }).ToText()).ToArray();
        Assert.DoesNotContain(first, others);
        Assert.Equal(others.Length, others.Distinct().Count());
    }

    /// <summary>Brightness 0.7 puts the tonic in octave 3 + round(2.1) = 5: the cadence ends on A5 (key 81).</summary>
    [Fact]
    public void FeaturesSteerRegisterScaleWaveformAndDensity()
    {
        CuePattern dark = CueComposer.Compose(Example with { Brightness = 0, LengthBeats = 16 });
        CuePattern bright = CueComposer.Compose(Example with { Brightness = 1, LengthBeats = 16 });
        Assert.True(MeanKey(bright) - MeanKey(dark) > 24, $"{MeanKey(dark)} -> {MeanKey(bright)}");
        Assert.True(bright.LowPassHz > dark.LowPassHz);

        int[] aMinor = [9, 11, 0, 2, 4, 5, 7];
        Assert.All(Notes(CueComposer.Compose(Example with { LengthBeats = 32 })), k => Assert.Contains(k % 12, aMinor));
        Assert.Equal(81, Notes(CueComposer.Compose(Example))[^1]);

        Assert.Equal(Waveform.Sine, CueComposer.Compose(Example with { Noisiness = 0 }).Wave);
        CuePattern noisy = CueComposer.Compose(Example with { Noisiness = 1 });
        Assert.Equal(Waveform.Noise, noisy.Wave);
        Assert.True(noisy.Noise > 0);

        double slow = CueComposer.Compose(Example with { Tempo = 60, LengthBeats = 32 }).Events.Count;
        double fast = CueComposer.Compose(Example with { Tempo = 200, LengthBeats = 32 }).Events.Count;
        Assert.True(slow > 1.5 * fast, $"{slow} events at 60 BPM, {fast} at 200 BPM");
    }

    [Fact]
    public void OutOfRangeInputsAreRefusedNamingTheInput()
    {
        var e = Assert.Throws<ArgumentException>(() => CueComposer.Compose(Example with { Brightness = 1.5 }));
        Assert.StartsWith("Brightness 1.5: expected 0..1", e.Message, StringComparison.Ordinal);
        Assert.Equal(new ComposerProblem(ComposerInput.LengthBeats, "65", "1..64"), (Example with { LengthBeats = 65 }).Problem());
        Assert.Equal(new ComposerProblem(ComposerInput.Tempo, "39.5", "40..240 BPM"), (Example with { Tempo = 39.5 }).Problem());
        Assert.Null(Example.Problem());
        Assert.Equal(Mode.Minor, ComposerInputs.ParseMode("minor"));
        Assert.Null(ComposerInputs.ParseMode("Dorian"));
        Assert.Null(ComposerInputs.ParseKey("H"));
        Assert.Equal(10, ComposerInputs.ParseKey("Bb"));
        Assert.Equal(1, ComposerInputs.ParseKey("c#"));
    }

    [Fact]
    public void ComposedPatternsAlwaysParseAndRender()
    {
        Gen<ComposerInputs> inputs =
            from tempo in Gen.Choose(40, 240)
            from key in Gen.Choose(0, 11)
            from minor in ArbMap.Default.GeneratorFor<bool>()
            from brightness in Gen.Choose(0, 100)
            from noisiness in Gen.Choose(0, 100)
            from length in Gen.Choose(1, 16)
            from seed in ArbMap.Default.GeneratorFor<int>()
            select new ComposerInputs(tempo, key, minor ? Mode.Minor : Mode.Major, brightness / 100.0, noisiness / 100.0, length, seed);

        Prop.ForAll(inputs.ToArbitrary(), i =>
        {
            CuePattern composed = CueComposer.Compose(i);
            CuePattern parsed = PatternParser.Parse(composed.ToText());
            short[] pcm = Pcm.ToInt16(CueRenderer.Render(parsed, 16000));
            return parsed.Equals(composed) && Math.Abs(parsed.TotalBeats - i.LengthBeats) < 1e-9
                && pcm.Length > 0 && pcm.Max(s => Math.Abs((int)s)) <= 29204 && pcm.Any(s => s != 0);
        }).QuickCheckThrowOnFailure();
    }

    private static double MeanKey(CuePattern p) => Notes(p).Average();

    private static int[] Notes(CuePattern p) => p.Events.Where(e => !e.IsRest).Select(e => e.Pitch!.Value.MidiKey!.Value).ToArray();
}
