using EdgeSound.Dsp.Features;
using EdgeSound.Learning.Data;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Analysis;

/// <summary>The selected clips' analysis features, the dataset they came from and the clips that could not be used.</summary>
public sealed record LoadedFeatures(ILabeledDataset Dataset, FeatureTable Table, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<int> Folds)
{
    /// <summary>The table as doubles with each clip's ESC-10 flag (false outside the ESC-50 layout), for the analysis stages.</summary>
    public ClipFeatures ToClipFeatures()
    {
        var esc10 = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (Dataset is Esc50Layout esc50)
            foreach (var c in esc50.Dataset.Clips) esc10[c.FileName] = c.Esc10;
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

/// <summary>Opens a dataset in any layout (<see cref="DatasetLayouts"/>), selects folds and extracts the analysis features of every clip, with a progress bar.</summary>
public static class FeatureLoader
{
    /// <param name="dataset">opened by <see cref="DataOption.Open"/> (which names a path that is no dataset).</param>
    /// <param name="folds">folds to use; null: every fold the dataset has.</param>
    public static LoadedFeatures Load(ILabeledDataset dataset, IReadOnlySet<int>? folds, TextWriter log, AnalysisFeatureOptions? options = null)
    {
        var clips = DatasetSelection.InFolds(dataset, folds);
        var bar = new ProgressBar(log, "features", clips.Count);
        var table = DatasetFeatures.Extract(dataset, clips, options ?? AnalysisFeatureOptions.Default, new Progress(bar), DataOption.Warnings(log));
        bar.Finish();
        var skipped = dataset.Problems.Concat(table.Failures).Select(f => new SkippedFile(f.File, f.Reason)).ToList();
        foreach (var s in table.Failures) log.WriteLine($"skipped {s.File}: {s.Reason}");
        return new LoadedFeatures(dataset, table, skipped, folds?.ToArray() ?? [.. DatasetSelection.Folds(dataset)]);
    }

    /// <summary>Synchronous progress sink (System.Progress would post to the thread pool and report late).</summary>
    private sealed class Progress(ProgressBar bar) : IProgress<int>
    {
        public void Report(int value) => bar.Set(value);
    }
}
