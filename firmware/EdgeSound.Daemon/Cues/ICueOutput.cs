using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Cues;

/// <summary>Where cues sound: a speaker through ALSA (<see cref="AlsaCueOutput"/>), the piezo buzzer
/// (<see cref="BuzzerCueOutput"/>) or both (<see cref="CombinedCueOutput"/>).</summary>
public interface ICueOutput
{
    /// <summary>Name for logs, e.g. "ALSA default".</summary>
    string Name { get; }

    /// <summary>Opens the output, renders <paramref name="pattern"/> the way the output can sound it, and plays it to the
    /// end; blocks meanwhile. <paramref name="started"/> is called with the cue's length in seconds just before it
    /// starts sounding.</summary>
    /// <exception cref="IOException">the output failed (an <c>AlsaException</c> for ALSA); the message names it.</exception>
    /// <exception cref="ArgumentException">the output cannot render the pattern (ALSA: a note at or above the
    /// Nyquist frequency of the rate the device took).</exception>
    void Play(CuePattern pattern, Action<double> started, CancellationToken cancel);
}
