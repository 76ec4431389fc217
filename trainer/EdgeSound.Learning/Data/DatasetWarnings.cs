using System.Collections.Concurrent;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Learning.Data;

/// <summary>
/// Collects what was read anyway: one line per WAV header fault (file: problem), one per file of digital silence
/// (every sample 0), and once per sample rate too low to carry the frontend's mel band (<see cref="InputBandCheck"/>).
/// Thread-safe; the sink is called under a lock.
/// </summary>
public sealed class DatasetWarnings(Action<string> sink)
{
    private readonly ConcurrentDictionary<int, bool> _narrowRates = new();
    private readonly Lock _gate = new();

    /// <summary>Reports the header warnings of <paramref name="clip"/> read from <paramref name="path"/>, its digital silence, and its rate if too low.</summary>
    public void Report(string path, AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        foreach (string warning in clip.Warnings)
        {
            Write($"{path}: {warning}");
        }

        if (Array.TrueForAll(clip.Samples, s => s == 0f))
        {
            Write($"{path}: every sample is 0 (digital silence): it holds no sound of its label and is used as it is");
        }

        if (InputBandCheck.Shortfall(clip.SampleRate, FrontendConfig.Default) is { } shortfall && _narrowRates.TryAdd(clip.SampleRate, true))
        {
            Write($"{path} (and any other clip at {clip.SampleRate} Hz): {shortfall}");
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            sink(line);
        }
    }
}
