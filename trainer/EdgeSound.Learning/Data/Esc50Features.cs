using EdgeSound.Dsp.Features;

namespace EdgeSound.Learning.Data;

/// <summary>Loads ESC-50 clips and computes their clip-level analysis features on two threads.</summary>
public static class Esc50Features
{
    /// <summary>
    /// Load (resampling to 16 kHz when needed) and extract each clip on two workers, each with its own
    /// <see cref="AnalysisFeatureExtractor"/>. Clips that fail to load are listed in <see cref="FeatureTable.Failures"/>
    /// and left out of the rows; <paramref name="progress"/> receives the number of clips handled so far.
    /// </summary>
    public static FeatureTable Extract(Esc50Dataset ds, IEnumerable<Esc50Clip> clips, AnalysisFeatureOptions opt, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(opt);
        if (opt.SampleRate != Esc50Dataset.SampleRate)
        {
            throw new ArgumentException($"AnalysisFeatureOptions.SampleRate = {opt.SampleRate}, but ESC-50 clips are loaded at {Esc50Dataset.SampleRate} Hz", nameof(opt));
        }

        Esc50Clip[] list = [.. clips];
        string[] featureNames = new AnalysisFeatureExtractor(opt).FeatureNames;
        var rows = new float[]?[list.Length];
        var errors = new Esc50LoadFailure?[list.Length];
        int done = 0;
        Parallel.For(
            0,
            list.Length,
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            () => new AnalysisFeatureExtractor(opt),
            (i, _, extractor) =>
            {
                try
                {
                    float[] samples = ds.LoadMono16k(list[i]);
                    rows[i] = extractor.ExtractClip(samples);
                }
                catch (Exception e) when (Esc50Dataset.IsFileProblem(e))
                {
                    errors[i] = new Esc50LoadFailure(ds.AudioPath(list[i]), e.Message);
                }

                progress?.Report(Interlocked.Increment(ref done));
                return extractor;
            },
            _ => { });

        var files = new List<string>(list.Length);
        var folds = new List<int>(list.Length);
        var targets = new List<int>(list.Length);
        var kept = new List<float[]>(list.Length);
        var failures = new List<Esc50LoadFailure>();
        for (int i = 0; i < list.Length; i++)
        {
            if (rows[i] is { } row)
            {
                files.Add(list[i].FileName);
                folds.Add(list[i].Fold);
                targets.Add(list[i].Target);
                kept.Add(row);
            }
            else if (errors[i] is { } f)
            {
                failures.Add(f);
            }
        }

        return new FeatureTable([.. files], [.. folds], [.. targets], ds.Labels, featureNames, [.. kept], failures);
    }
}
