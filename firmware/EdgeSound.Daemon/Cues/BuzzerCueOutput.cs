using EdgeSound.Daemon.Gpio;
using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// Plays cues on the piezo buzzer: the pattern's notes as square-wave tones (<see cref="PatternTones"/>) through the
/// shared <see cref="BuzzerPlayer"/>, which also plays the GPIO alert beeps and the self-test, one sequence at a time.
/// </summary>
public sealed class BuzzerCueOutput(BuzzerPlayer buzzer) : ICueOutput
{
    public string Name => "piezo buzzer";

    /// <exception cref="ArgumentException">a note above <see cref="BuzzerPlayer.MaxFrequencyHz"/>; nothing plays then.</exception>
    public void Play(CuePattern pattern, Action<double> started, CancellationToken cancel)
    {
        var tones = PatternTones.FromPattern(pattern);
        var playing = buzzer.PlayAsync(tones, cancel);
        if (!playing.IsFaulted)
        {
            started(tones.Sum(t => t.Duration.TotalSeconds));
        }

        playing.GetAwaiter().GetResult();
    }
}
