using System.Globalization;
using EdgeSound.Dsp.Features;
using EdgeSound.Learning.Data;

namespace EdgeSound.Trainer.Analysis;

/// <summary>The selected clips' analysis features, the dataset they came from and the clips that could not be used.</summary>
public sealed record LoadedFeatures(Esc50Dataset Dataset, FeatureTable Table, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<int> Folds)
{
    /// <summary>The table as doubles with each clip's ESC-10 flag, for the analysis stages.</summary>
    public ClipFeatures ToClipFeatures()
    {
        var esc10 = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var c in Dataset.Clips) esc10[c.FileName] = c.Esc10;
        var rows = new double[Table.Rows.Length][];
        for (int i = 0; i < rows.Length; i++)
        {
            var source = Table.Rows[i];
            var row = new double[source.Length];
            for (int j = 0; j < row.Length; j++) row[j] = source[j];
            rows[i] = row;
        }
        return new ClipFeatures(Table.FileNames, Table.Folds, Table.Targets, Table.FileNames.Select(f => esc10.GetValueOrDefault(f)).ToArray(),
            Table.Labels, Table.FeatureNames, rows);
    }
}

/// <summary>Opens an ESC-50 folder, selects folds and extracts the analysis features of every clip, with a progress bar.</summary>
public static class FeatureLoader
{
    /// <summary>Parses "1,2,3,4" (spaces allowed); throws naming the bad item.</summary>
    public static IReadOnlySet<int> ParseFolds(string text)
    {
        var folds = new SortedSet<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int fold) || fold < 1)
                throw new ArgumentException($"--folds: '{item}' is not a positive fold number (expected e.g. 1,2,3,4).");
            folds.Add(fold);
        }
        if (folds.Count == 0) throw new ArgumentException($"--folds: '{text}' names no fold (expected e.g. 1,2,3,4).");
        return folds;
    }

    /// <param name="folds">folds to use; null: every fold the metadata lists.</param>
    public static LoadedFeatures Load(string dataDir, IReadOnlySet<int>? folds, TextWriter log, AnalysisFeatureOptions? options = null)
    {
        var dataset = Esc50Dataset.Open(dataDir);
        dataset.Warning = w => log.WriteLine($"warning: {w}");
        var present = new SortedSet<int>(dataset.Clips.Select(c => c.Fold));
        folds ??= present;
        var absent = folds.Where(f => !present.Contains(f)).ToList();
        if (absent.Count > 0)
            throw new ArgumentException($"--folds: fold {string.Join(", ", absent)} has no clips in {dataset.MetadataPath} (folds present: {string.Join(",", present)}).");
        var clips = dataset.InFolds(folds).ToList();
        var bar = new ProgressBar(log, "features", clips.Count);
        var table = Esc50Features.Extract(dataset, clips, options ?? AnalysisFeatureOptions.Default, new Progress(bar));
        bar.Finish();
        var skipped = table.Failures.Select(f => new SkippedFile(f.File, f.Message)).ToList();
        foreach (var s in skipped) log.WriteLine($"skipped {s.File}: {s.Reason}");
        return new LoadedFeatures(dataset, table, skipped, folds.ToArray());
    }

    /// <summary>Synchronous progress sink (System.Progress would post to the thread pool and report late).</summary>
    private sealed class Progress(ProgressBar bar) : IProgress<int>
    {
        public void Report(int value) => bar.Set(value);
    }
}
