using EdgeSound.Daemon.Gpio;
using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// Plays cues on the piezo buzzer: the pattern's notes as square-wave tones (<see cref="PatternTones"/>) through the
/// shared <see cref="BuzzerPlayer"/>, which also plays the GPIO alert beeps and the self-test, one sequence at a time
/// (a cue asked for during an alert waits for it; its gate span then starts early by that wait). Every parsed note
/// (20..20000 Hz) is within the buzzer's range.
/// </summary>
public sealed class BuzzerCueOutput(BuzzerPlayer buzzer) : ICueOutput
{
    public string Name => "piezo buzzer";

    public void Play(CuePattern pattern, Action<double> started, CancellationToken cancel)
    {
        var tones = PatternTones.FromPattern(pattern);
        started(tones.Sum(t => t.Duration.TotalSeconds));
        buzzer.PlayAsync(tones, cancel).GetAwaiter().GetResult();
    }
}
