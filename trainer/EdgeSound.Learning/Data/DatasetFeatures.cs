using EdgeSound.Dsp.Features;

namespace EdgeSound.Learning.Data;

/// <summary>Loads dataset items and computes their clip-level analysis features on two threads.</summary>
public static class DatasetFeatures
{
    /// <summary>
    /// Load (mono, 16 kHz, cut to the item's span) and extract each item on two workers, each with its own
    /// <see cref="AnalysisFeatureExtractor"/>. A row's target is its label's index in the dataset's
    /// <see cref="ILabeledDataset.Labels"/>. Items that fail to load are listed in <see cref="FeatureTable.Failures"/>
    /// and left out of the rows; <paramref name="progress"/> receives the number of items handled so far; header faults
    /// read anyway go to <paramref name="warnings"/>.
    /// </summary>
    public static FeatureTable Extract(ILabeledDataset dataset, IReadOnlyList<DatasetItem> items, AnalysisFeatureOptions opt, IProgress<int>? progress = null, DatasetWarnings? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(opt);
        if (opt.SampleRate != DatasetAudio.SampleRate)
        {
            throw new ArgumentException($"AnalysisFeatureOptions.SampleRate = {opt.SampleRate}, but clips are loaded at {DatasetAudio.SampleRate} Hz", nameof(opt));
        }

        string[] labels = [.. dataset.Labels];
        string[] featureNames = new AnalysisFeatureExtractor(opt).FeatureNames;
        var rows = new float[]?[items.Count];
        var errors = new DatasetProblem?[items.Count];
        int done = 0;
        int[][] groups = [.. Enumerable.Range(0, items.Count).GroupBy(i => items[i].AudioPath, StringComparer.Ordinal).Select(g => g.ToArray())];
        Parallel.ForEach(
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            group =>
            {
                var extractor = new AnalysisFeatureExtractor(opt);
                var reader = new DatasetAudio(warnings);
                foreach (int i in group)
                {
                    try
                    {
                        rows[i] = extractor.ExtractClip(reader.Load(items[i]));
                    }
                    catch (Exception e) when (DatasetAudio.IsFileProblem(e))
                    {
                        errors[i] = new DatasetProblem(items[i].Name, e.Message);
                    }

                    progress?.Report(Interlocked.Increment(ref done));
                }
            });

        var files = new List<string>(items.Count);
        var folds = new List<int>(items.Count);
        var targets = new List<int>(items.Count);
        var kept = new List<float[]>(items.Count);
        var failures = new List<DatasetProblem>();
        for (int i = 0; i < items.Count; i++)
        {
            if (rows[i] is { } row)
            {
                files.Add(items[i].Name);
                folds.Add(items[i].Fold);
                targets.Add(Array.IndexOf(labels, items[i].Label));
                kept.Add(row);
            }
            else if (errors[i] is { } f)
            {
                failures.Add(f);
            }
        }

        return new FeatureTable([.. files], [.. folds], [.. targets], labels, featureNames, [.. kept], failures);
    }
}
