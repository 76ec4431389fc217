namespace EdgeSound.Learning.Data;

/// <summary>
/// An ESC-50 folder (<c>audio/*.wav</c>, <c>meta/esc50.csv</c>) seen as a labelled dataset: folds from the
/// metadata, classes in target order, and the source recording from the <c>src_file</c> part of the clip name
/// (<c>fold-src-take-target.wav</c>).
/// </summary>
public sealed class Esc50Layout : ILabeledDataset
{
    private Esc50Layout(Esc50Dataset dataset, IReadOnlyList<DatasetItem> items)
    {
        Dataset = dataset;
        Items = items;
        Labels = dataset.Labels;
    }

    /// <summary>The ESC-50 metadata behind the items (its ESC-10 flags, the metadata file).</summary>
    public Esc50Dataset Dataset { get; }

    public string Location => Dataset.Directory;

    public string Layout => "ESC-50 (meta/esc50.csv)";

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public IReadOnlyList<DatasetProblem> Problems => [];

    /// <summary>Reads <c>DIR/meta/esc50.csv</c>; see <see cref="Esc50Dataset.Open"/> for its errors.</summary>
    public static Esc50Layout Open(string dir)
    {
        Esc50Dataset dataset = Esc50Dataset.Open(dir);
        var items = new List<DatasetItem>(dataset.Clips.Count);
        foreach (Esc50Clip clip in dataset.Clips)
        {
            string[] parts = Path.GetFileNameWithoutExtension(clip.FileName).Split('-');
            string source = parts.Length >= 2 ? parts[1] : clip.FileName;
            items.Add(new DatasetItem(clip.FileName, dataset.AudioPath(clip), clip.Category, clip.Fold, source));
        }

        return new Esc50Layout(dataset, items);
    }
}
