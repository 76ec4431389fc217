namespace EdgeSound.Daemon.Cues;

/// <summary>Where cues sound: a speaker through ALSA (<see cref="AlsaCueOutput"/>).</summary>
public interface ICueOutput
{
    /// <summary>Name for logs, e.g. "ALSA default".</summary>
    string Name { get; }

    /// <summary>Opens the output, asks <paramref name="render"/> for the samples at the rate it runs at (Hz), and
    /// plays them to the end; blocks meanwhile. <paramref name="started"/> is called with the cue's length in seconds
    /// just before the first sample is written.</summary>
    /// <exception cref="IOException">the output failed (an <c>AlsaException</c> for ALSA); the message names it.</exception>
    void Play(Func<int, short[]> render, Action<double> started, CancellationToken cancel);
}
