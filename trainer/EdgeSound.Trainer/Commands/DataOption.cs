using EdgeSound.Inference;
using EdgeSound.Learning.Data;

namespace EdgeSound.Trainer.Commands;

/// <summary>The <c>--data</c> option shared by train, evaluate, analyze and features.</summary>
internal static class DataOption
{
    public const string Description =
        "Dataset: an ESC-50 folder (audio/*.wav, meta/esc50.csv), a folder per class (DIR/<label>/*.wav), a CSV manifest "
        + "(FILE.csv or DIR/manifest.csv: filename,label[,fold]), WAVs with Audacity label tracks (NAME.txt beside NAME.wav), "
        + "or a device's event-clip folder with feedback verdicts (false alarms train 'background'); any sample rate.";

    /// <summary>Header faults read anyway and too-low sample rates, one <c>warning: ...</c> line each on <paramref name="log"/>.</summary>
    public static DatasetWarnings Warnings(TextWriter log) => new(w => log.WriteLine($"warning: {w}"));

    /// <summary>
    /// The files of <c>--data</c> <paramref name="path"/> that an output must not replace: the path itself (a manifest
    /// file), and a folder's <c>manifest.csv</c> and <c>meta/esc50.csv</c>, each named as an option for
    /// <see cref="OutputPath.CheckDistinct"/>.
    /// </summary>
    public static IEnumerable<(string Option, string? Path)> Files(string path) =>
    [
        ("--data", path),
        ("--data's manifest", Path.Combine(path, ManifestDataset.DefaultName)),
        ("--data's metadata", Path.Combine(path, "meta", "esc50.csv")),
    ];

    /// <summary>
    /// Opens the dataset in whichever layout <paramref name="path"/> holds, writes the layout and one line per file it
    /// cannot use (and one <c>warning:</c> line per file, row or span it uses in part) to <paramref name="log"/>, and throws <see cref="InvalidDataException"/> when no item is usable or
    /// a label cannot be a model label (<see cref="ModelLabels.Problem"/>: one line naming a clip of each such label).
    /// </summary>
    public static ILabeledDataset Open(string path, TextWriter log)
    {
        ILabeledDataset dataset = DatasetLayouts.Open(path);
        foreach (DatasetProblem problem in dataset.Problems)
        {
            log.WriteLine($"skipped {problem.File}: {problem.Reason}");
        }

        foreach (DatasetProblem warning in dataset.Warnings)
        {
            log.WriteLine($"warning: {warning.File}: {warning.Reason}");
        }

        log.WriteLine($"data: {dataset.Location} read as {dataset.Layout}: {dataset.Items.Count} clips, {dataset.Labels.Count} classes, "
            + $"folds {string.Join(",", DatasetSelection.Folds(dataset))}" + (dataset.Problems.Count > 0 ? $", {dataset.Problems.Count} skipped" : ""));
        if (dataset.Items.Count == 0)
        {
            throw new InvalidDataException($"{dataset.Location}: no usable clips ({dataset.Problems.Count} listed above)");
        }

        string[] badLabels = [.. dataset.Labels
            .Select(label => (Label: label, Problem: ModelLabels.Problem(label)))
            .Where(bad => bad.Problem is not null)
            .Select(bad => $"clip {dataset.Items.First(item => item.Label == bad.Label).Name}: label {bad.Problem}")];
        return badLabels.Length == 0
            ? dataset
            : throw new InvalidDataException($"{dataset.Location}: {string.Join("; ", badLabels)}");
    }
}
