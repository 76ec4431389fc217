using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Learning.Data;

/// <summary>A loaded item: mono samples at <see cref="DatasetAudio.SampleRate"/>.</summary>
public sealed record LoadedItem(DatasetItem Item, float[] Samples);

/// <summary>The items that loaded (in input order) and one problem per item that did not.</summary>
public sealed record DatasetLoadResult(IReadOnlyList<LoadedItem> Loaded, IReadOnlyList<DatasetProblem> Failures);

/// <summary>
/// Reads items' audio: the WAV at any rate and bit depth, mixed to mono, resampled to 16 kHz, cut to the item's
/// segment. Keeps the last file it read, so the many spans of one long recording are read and resampled once.
/// Header faults read anyway, too-low sample rates and clips or spans of digital silence go to the optional
/// <see cref="DatasetWarnings"/>.
/// Not thread-safe: one reader per worker.
/// </summary>
public sealed class DatasetAudio(DatasetWarnings? warnings = null)
{
    /// <summary>Rate of the samples handed out (the frontend's).</summary>
    public const int SampleRate = 16000;

    /// <summary>Fewest samples an item may hold: one frame of the frontend (512 samples, 32 ms); a shorter one gives no frame.</summary>
    public static readonly int MinSamples = FrontendConfig.Default.WindowSamples;

    /// <summary>How far a span may end past the recording's end (label-track rounding) before the cut is warned about, seconds.</summary>
    public const double EndTolerance = 0.05;

    private string? _cachedPath;
    private float[] _cached = [];

    /// <summary>
    /// Mono 16 kHz samples of the item. A missing file throws <see cref="FileNotFoundException"/>, a malformed WAV
    /// <see cref="WavFormatException"/>, a span starting at or after the recording's end or holding no sample of it
    /// <see cref="InvalidDataException"/>, and so does a clip or span shorter than <see cref="MinSamples"/> (after
    /// resampling); each names the file (and span). A span that starts inside the recording and ends more
    /// than <see cref="EndTolerance"/> past its end keeps the part inside, with a warning (<see cref="DatasetWarnings.ReportCut"/>).
    /// </summary>
    public float[] Load(DatasetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_cachedPath != item.AudioPath)
        {
            if (!File.Exists(item.AudioPath))
            {
                throw new FileNotFoundException($"{item.AudioPath}: audio file not found", item.AudioPath);
            }

            AudioClip clip = WavReader.Read(item.AudioPath);
            warnings?.Report(item.AudioPath, clip);
            _cached = clip.SampleRate == SampleRate ? clip.Samples : Resampler.Resample(clip.Samples, clip.SampleRate, SampleRate);
            _cachedPath = item.AudioPath;
        }

        if (item.Segment is not { } span)
        {
            CheckLength(item.AudioPath, _cached);
            warnings?.ReportSilence(item.AudioPath, _cached);
            return _cached;
        }

        double duration = (double)_cached.Length / SampleRate;
        string spanText = $"span {AudacityLabelTrack.Format(span.Start)}-{AudacityLabelTrack.Format(span.End)} s";
        string length = $"(length {AudacityLabelTrack.Format(duration)} s)";
        if (span.Start >= duration)
        {
            throw new InvalidDataException($"{item.AudioPath}: {spanText} is outside the recording {length}");
        }

        if (span.End > duration + EndTolerance)
        {
            warnings?.ReportCut(item.AudioPath, span, duration);
        }

        int first = (int)Math.Round(span.Start * SampleRate);
        int end = Math.Min(_cached.Length, (int)Math.Round(span.End * SampleRate));
        if (end <= first)
        {
            throw new InvalidDataException($"{item.AudioPath}: {spanText} holds no sample of the recording {length}");
        }

        float[] samples = _cached[first..end];
        CheckLength($"{item.AudioPath}: {spanText}", samples);
        warnings?.ReportSilence($"{item.AudioPath} {spanText}", samples);
        return samples;
    }

    /// <summary>
    /// Loads items on <paramref name="threads"/> workers, each file's items on one worker. An item whose audio cannot
    /// be read is reported in <see cref="DatasetLoadResult.Failures"/> (file + reason); <paramref name="progress"/>
    /// receives the number of items handled so far.
    /// </summary>
    public static DatasetLoadResult LoadAll(IReadOnlyList<DatasetItem> items, int threads, DatasetWarnings? warnings = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var samples = new float[]?[items.Count];
        var errors = new DatasetProblem?[items.Count];
        int done = 0;
        var groups = Enumerable.Range(0, items.Count).GroupBy(i => items[i].AudioPath, StringComparer.Ordinal).ToArray();
        Parallel.ForEach(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, group =>
        {
            var reader = new DatasetAudio(warnings);
            foreach (int i in group)
            {
                try
                {
                    samples[i] = reader.Load(items[i]);
                }
                catch (Exception e) when (IsFileProblem(e))
                {
                    errors[i] = new DatasetProblem(items[i].Name, e.Message);
                }

                progress?.Report(Interlocked.Increment(ref done));
            }
        });

        var loaded = new List<LoadedItem>(items.Count);
        var failures = new List<DatasetProblem>();
        for (int i = 0; i < items.Count; i++)
        {
            if (samples[i] is { } s)
            {
                loaded.Add(new LoadedItem(items[i], s));
            }
            else if (errors[i] is { } f)
            {
                failures.Add(f);
            }
        }

        return new DatasetLoadResult(loaded, failures);
    }

    /// <summary>Refuses <paramref name="samples"/> shorter than one frontend frame; <paramref name="what"/> names the file (and span).</summary>
    private static void CheckLength(string what, float[] samples)
    {
        if (samples.Length < MinSamples)
        {
            throw new InvalidDataException(
                $"{what} holds {samples.Length} samples at {SampleRate} Hz ({AudacityLabelTrack.Format(1000.0 * samples.Length / SampleRate)} ms), "
                + $"shorter than one frontend frame ({MinSamples} samples, {AudacityLabelTrack.Format(1000.0 * MinSamples / SampleRate)} ms): it gives no frame to learn from or to judge");
        }
    }

    /// <summary>Errors that concern one file (missing, unreadable, malformed) rather than a program fault.</summary>
    public static bool IsFileProblem(Exception e) => e is IOException or UnauthorizedAccessException or InvalidDataException;
}
