using EdgeSound.Daemon.Gpio;
using EdgeSound.Dsp.Synthesis;
using Xunit;

namespace EdgeSound.Daemon.Tests.Gpio;

/// <summary>Cue patterns as piezo steps: pitch in Hz, beats × seconds per beat, rests silent, timbre and velocity dropped.</summary>
public sealed class PatternTonesTests
{
    [Fact]
    public void Notes_become_their_pitch_for_beats_times_seconds_per_beat_and_rests_zero_hertz()
    {
        var tones = PatternTones.FromPattern(PatternParser.Parse("bpm=120 wave=square: A5/4 r/8 C6/8"));

        Assert.Equal(3, tones.Count);
        Assert.Equal(880, tones[0].FrequencyHz, 1e-9);
        Assert.Equal(0.5, tones[0].Duration.TotalSeconds, 1e-9);
        Assert.Equal(0, tones[1].FrequencyHz);
        Assert.Equal(0.25, tones[1].Duration.TotalSeconds, 1e-9);
        Assert.Equal(1046.5, tones[2].FrequencyHz, 0.01);
        Assert.Equal(0.25, tones[2].Duration.TotalSeconds, 1e-9);
    }

    [Fact]
    public void Waveform_and_velocity_do_not_change_the_tones()
    {
        var square = PatternTones.FromPattern(PatternParser.Parse("bpm=90 wave=square: C5/8 440hz/4. r/16 G5/2"));
        var sawQuiet = PatternTones.FromPattern(PatternParser.Parse("bpm=90 wave=sawtooth adsr=1,2,0.5,3: C5/8@20 440hz/4.@5 r/16 G5/2@127"));

        Assert.Equal(square, sawQuiet);
        Assert.Equal(440, square[1].FrequencyHz);
        Assert.Equal(1.0, square[1].Duration.TotalSeconds, 1e-9);
    }
}
