using EdgeSound.Dsp.Synthesis;
using NWaves.Signals.Builders;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Synthesis;

public sealed class OscillatorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sine", "A4", 16000)]
    [InlineData("triangle", "C5", 16000)]
    [InlineData("square", "E5", 16000)]
    [InlineData("sawtooth", "G3", 22050)]
    [InlineData("square", "1975.5hz", 16000)]
    [InlineData("sawtooth", "B6", 48000)]
    public void RenderedNotePeaksWithinOnePercentOfItsFrequency(string wave, string note, int rate)
    {
        CuePattern pattern = PatternParser.Parse($"bpm=60 wave={wave} adsr=5,20,0.8,20: {note}/1");
        float[] samples = CueRenderer.Render(pattern, rate);
        double expected = pattern.Events[0].Pitch!.Value.Hz;

        double peak = SpectrumProbe.PeakHz(SpectrumProbe.Power(samples, rate * 3, 1 << 18), rate);

        double error = Math.Abs(peak - expected) / expected;
        output.WriteLine($"{wave} {note} @ {rate} Hz: expected {expected:0.00} Hz, peak {peak:0.00} Hz, error {100 * error:0.000}%");
        Assert.True(error < 0.01, $"peak {peak:0.00} Hz is {100 * error:0.00}% from {expected:0.00} Hz");
    }

    [Theory]
    [InlineData(Waveform.Square)]
    [InlineData(Waveform.Sawtooth)]
    public void BandLimitedWavesAliasBelowMinus60DbAt16kHzForNotesUpTo2kHz(Waveform shape)
    {
        const int rate = 16000;
        double worst = double.NegativeInfinity;
        foreach (double hz in new[] { 110.0, 261.63, 440.0, 777.7, 1046.5, 1500.0, 1760.0, 1975.53, 2000.0 })
        {
            var samples = new float[rate];
            BandLimitedOscillator.Render(shape, hz, rate, samples);
            double alias = SpectrumProbe.WorstAliasDb(SpectrumProbe.Power(samples, rate, 1 << 16), rate, hz, guardBins: 24);
            output.WriteLine($"{shape} {hz} Hz: strongest non-harmonic component {alias:0.0} dB");
            worst = Math.Max(worst, alias);
        }

        output.WriteLine($"{shape}: worst alias {worst:0.0} dB re fundamental");
        Assert.True(worst < -60, $"{shape} aliases at {worst:0.0} dB");
    }

    [Fact]
    public void NaiveSquareOfNWavesAliasesAboveTheLimitSoTheProbeCanFail()
    {
        const int rate = 16000;
        float[] naive = new SquareWaveBuilder().SetParameter("frequency", 1975.53).OfLength(rate).SampledAt(rate).Build().Samples;

        double alias = SpectrumProbe.WorstAliasDb(SpectrumProbe.Power(naive, rate, 1 << 16), rate, 1975.53, guardBins: 24);

        output.WriteLine($"NWaves naive square 1975.53 Hz: {alias:0.0} dB");
        Assert.True(alias > -60, $"naive square measured {alias:0.0} dB");
    }

    [Fact]
    /// <summary>Unfiltered white noise would put 3% of its power in this band.</summary>
    public void NoiseEnergyCentresOnTheNote()
    {
        const int rate = 16000;
        float[] samples = CueRenderer.Render(PatternParser.Parse("bpm=60 wave=noise: C6/1"), rate);
        float[] power = SpectrumProbe.Power(samples, rate * 4, 1 << 16);
        double binHz = rate / (double)(1 << 16);

        double near = 0, total = 0;
        for (int k = 0; k < power.Length; k++)
        {
            total += power[k];
            near += Math.Abs((k * binHz) - 1046.5) < 1046.5 / 4 ? power[k] : 0;
        }

        Assert.True(near / total > 0.6, $"{100 * near / total:0}% of the noise power within 25% of the note");
    }

    [Fact]
    public void NoiseIsTheSameEveryRender()
    {
        CuePattern pattern = PatternParser.Parse("wave=noise: C5/4 E5/4");
        Assert.Equal(CueRenderer.Render(pattern, 16000), CueRenderer.Render(pattern, 16000));
    }

    [Fact]
    public void NoteAtOrAboveNyquistIsRefusedNamingIt()
    {
        CuePattern pattern = PatternParser.Parse("wave=square: C5/4 9000hz/4");
        var e = Assert.Throws<ArgumentException>(() => CueRenderer.Render(pattern, 16000));
        Assert.Contains("note 2 (9000hz", e.Message, StringComparison.Ordinal);
    }
}
