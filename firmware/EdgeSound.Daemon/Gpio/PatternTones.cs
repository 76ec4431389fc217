using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Gpio;

/// <summary>
/// A cue pattern as piezo steps: each note becomes a <see cref="Tone"/> at its pitch (Hz) lasting its beats ×
/// <see cref="CuePattern.SecondsPerBeat"/>, each rest a 0 Hz tone of its length. A piezo driven by PWM plays a square
/// wave at one loudness, so the pattern's waveform (sine, triangle, sawtooth, noise are played as their pitch), envelope,
/// noise layer, low-pass and the notes' velocities are not rendered.
/// </summary>
public static class PatternTones
{
    /// <summary>The steps of <paramref name="pattern"/>, in order; e.g. <c>bpm=120: A5/4 r/8</c> gives 880 Hz for 0.5 s, then 0 Hz for 0.25 s.</summary>
    public static IReadOnlyList<Tone> FromPattern(CuePattern pattern)
    {
        var tones = new Tone[pattern.Events.Count];
        for (var i = 0; i < tones.Length; i++)
        {
            var e = pattern.Events[i];
            tones[i] = new Tone(e.Pitch?.Hz ?? 0, TimeSpan.FromSeconds(e.Beats * pattern.SecondsPerBeat));
        }

        return tones;
    }
}
