using EdgeSound.Dsp.Synthesis;
using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// Plays cues on an ALSA playback device (<c>cues:device</c>), opened for each cue and closed after it, so the
/// speaker is free between cues and a device that went away is found again. It asks for <c>cues:sample_rate</c> and
/// renders at whatever rate the device took.
/// </summary>
public sealed class AlsaCueOutput(string device, int sampleRate) : ICueOutput
{
    public string Name => "ALSA " + device;

    public void Play(CuePattern pattern, Action<double> started, CancellationToken cancel)
    {
        using var playback = AlsaPlayback.Open(device, sampleRate);
        var rate = playback.Configuration.Rate;
        var samples = CueLibrary.Render(pattern, rate);
        started(samples.Length / (double)rate);
        playback.Play(samples, cancel);
    }
}
