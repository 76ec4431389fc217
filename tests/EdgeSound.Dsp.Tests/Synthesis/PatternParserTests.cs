using EdgeSound.Dsp.Synthesis;
using Xunit;

namespace EdgeSound.Dsp.Tests.Synthesis;

public sealed class PatternParserTests
{
    [Fact]
    public void ParsesTheIssueExample()
    {
        CuePattern p = PatternParser.Parse("bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8");

        Assert.Equal(150, p.Bpm);
        Assert.Equal(Waveform.Square, p.Wave);
        Assert.Equal(new AdsrEnvelope(5, 40, 0.6, 80), p.Envelope);
        Assert.Equal([72, 76, 79, null, 79], p.Events.Select(e => e.Pitch?.MidiKey));
        Assert.Equal([0.5, 0.5, 1, 0.5, 0.5], p.Events.Select(e => e.Beats));
        Assert.Equal(3, p.TotalBeats);
    }

    [Fact]
    public void ReadsAccidentalsFrequenciesDotsVelocitiesAndRepeats()
    {
        CuePattern p = PatternParser.Parse("[F#4/8. Bb3/16@64 [440hz]x2]x2 Cb4");

        Assert.Equal(9, p.Events.Count);
        Assert.Equal(66, p.Events[0].Pitch!.Value.MidiKey);
        Assert.Equal(0.75, p.Events[0].Beats);
        Assert.Equal(58, p.Events[1].Pitch!.Value.MidiKey);
        Assert.Equal(64, p.Events[1].Velocity);
        Assert.Equal(440, p.Events[2].Pitch!.Value.Hz);
        Assert.Null(p.Events[3].Pitch!.Value.MidiKey);
        Assert.Equal(59, p.Events[8].Pitch!.Value.MidiKey);
        Assert.Equal(CuePattern.DefaultVelocity, p.Events[8].Velocity);
        Assert.Equal(1, p.Events[8].Beats);
        Assert.Equal(Waveform.Sine, p.Wave);
        Assert.Equal(120, p.Bpm);
    }

    [Fact]
    public void A4IsMidiKey69At440Hz()
    {
        Assert.Equal(440, NotePitch.FromMidiKey(69).Hz, 9);
        Assert.Equal(261.6256, NotePitch.FromMidiKey(60).Hz, 3);
        Assert.Equal("A#4", NotePitch.NameOf(70));
    }

    [Theory]
    [InlineData("bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8")]
    [InlineData("bpm=97.5 wave=noise adsr=0,0,1,0 noise=0.25 lpf=1200: 261.5hz/16@1 D#2/2. r/1 G9/64@127")]
    [InlineData("wave=triangle: [C4/12 E4/12 G4/12]x3 C5/3")]
    public void CanonicalTextParsesBackToTheSamePattern(string text)
    {
        CuePattern p = PatternParser.Parse(text);
        Assert.Equal(p, PatternParser.Parse(p.ToText()));
    }

    [Theory]
    [InlineData("bpm=150: C5/8 H5/8", 15, "H5/8", "expected a note")]
    [InlineData("bpm=999: C5", 1, "bpm=999", "20..400")]
    [InlineData("wave=organ: C5", 1, "wave=organ", "sine, triangle")]
    [InlineData("adsr=5,40,0.6: C5", 1, "adsr=5,40,0.6", "attack_ms,decay_ms")]
    [InlineData("adsr=5,40,1.6,80: C5", 1, "adsr=5,40,1.6,80", "sustain level")]
    [InlineData("tempo=120: C5", 1, "tempo=120", "unknown setting")]
    [InlineData("bpm=120 bpm=130: C5", 9, "bpm=130", "set twice")]
    [InlineData("C5/5", 1, "C5/5", "/N")]
    [InlineData("C5/8 E5@200", 6, "E5@200", "velocity")]
    [InlineData("C5 r@50", 4, "r@50", "rest has no velocity")]
    [InlineData("C5 E", 4, "E", "octave")]
    [InlineData("C5 G10", 4, "G10", "MIDI's range")]
    [InlineData("C5 5hz", 4, "5hz", "20..20000 Hz")]
    [InlineData("bpm=NaN: C5/8", 1, "bpm=NaN", "beats per minute, 20..400")]
    [InlineData("bpm=nan: C5/8", 1, "bpm=nan", "beats per minute, 20..400")]
    [InlineData("adsr=5,40,NaN,80: C5", 1, "adsr=5,40,NaN,80", "sustain level is a fraction of the peak, 0..1")]
    [InlineData("adsr=NaN,40,0.6,80: C5", 1, "adsr=NaN,40,0.6,80", "stage time is in milliseconds")]
    [InlineData("lpf=NaN: C5", 1, "lpf=NaN", "low-pass cut-off in Hz, 20..20000")]
    [InlineData("noise=NaN: C5", 1, "noise=NaN", "noise layer's level, 0..1")]
    [InlineData("bpm=150: NaNhz/8", 10, "NaNhz/8", "a frequency is written like '440hz', 20..20000 Hz")]
    [InlineData("C5 [E5 G5", 4, "[", "never closed")]
    [InlineData("C5 E5]x2", 6, "]x2", "without a matching")]
    [InlineData("[C5 E5]x0", 7, "]x0", "]xK")]
    [InlineData("C5 [ ]x2", 4, "[", "empty group")]
    [InlineData("bpm=120: r/4 r/8", 17, "8", "no notes")]
    [InlineData("", 1, "", "no notes")]
    public void MalformedPatternsAreRefusedNamingColumnAndToken(string text, int column, string token, string reason)
    {
        var e = Assert.Throws<PatternFormatException>(() => PatternParser.Parse(text));

        Assert.Equal(column, e.Column);
        Assert.Equal(token, e.Token);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"pattern error at column {column}, token '{token}': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeRepeatsAreRefused()
    {
        var e = Assert.Throws<PatternFormatException>(() => PatternParser.Parse("[[[C5 E5]x64]x64]x64"));
        Assert.Contains("more than 4096", e.Message, StringComparison.Ordinal);
    }
}
