using System.Collections.Concurrent;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Learning.Data;

/// <summary>
/// Collects what was read anyway: one line per WAV header fault (file: problem), one per clip or label-track span of
/// digital silence (every sample 0), one per label-track span cut at the recording's end, and once per sample rate too low to carry the frontend's mel band
/// (<see cref="InputBandCheck"/>). Thread-safe; the sink is called under a lock.
/// </summary>
public sealed class DatasetWarnings(Action<string> sink)
{
    private readonly ConcurrentDictionary<int, bool> _narrowRates = new();
    private readonly Lock _gate = new();

    /// <summary>Reports the header warnings of <paramref name="clip"/> read from <paramref name="path"/>, and its rate if too low.</summary>
    public void Report(string path, AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        foreach (string warning in clip.Warnings)
        {
            Write($"{path}: {warning}");
        }

        if (InputBandCheck.Shortfall(clip.SampleRate, FrontendConfig.Default) is { } shortfall && _narrowRates.TryAdd(clip.SampleRate, true))
        {
            Write($"{path} (and any other clip at {clip.SampleRate} Hz): {shortfall}");
        }
    }

    /// <summary>Reports <paramref name="what"/> (a file, or a file and span) when every one of its <paramref name="samples"/> is 0.</summary>
    public void ReportSilence(string what, ReadOnlySpan<float> samples)
    {
        if (samples.ContainsAnyExcept(0f))
        {
            return;
        }

        Write($"{what}: every sample is 0 (digital silence): it holds no sound of its label and is used as it is");
    }

    /// <summary>
    /// Reports that <paramref name="span"/> of <paramref name="path"/> ends past the recording's end
    /// (<paramref name="duration"/> seconds long): the part inside is kept, the rest is cut.
    /// </summary>
    public void ReportCut(string path, AudioSegment span, double duration)
    {
        ArgumentNullException.ThrowIfNull(span);
        Write($"{path}: span {AudacityLabelTrack.Format(span.Start)}-{AudacityLabelTrack.Format(span.End)} s ends past the recording "
            + $"(length {AudacityLabelTrack.Format(duration)} s): its last {AudacityLabelTrack.Format(span.End - duration)} s were cut, "
            + $"{AudacityLabelTrack.Format(span.Start)}-{AudacityLabelTrack.Format(duration)} s kept");
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            sink(line);
        }
    }
}
