namespace EdgeSound.Learning.Data;

/// <summary>
/// A device's event-clip folder (<see cref="ClipFolderDataset"/>: clips with verdict sidecars) seen as a labelled
/// dataset: the verdicts' labels, the folds it assigns by the clip's hour, and its unusable files as problems.
/// </summary>
public sealed class ClipFolderLayout : ILabeledDataset
{
    private ClipFolderLayout(ClipFolderDataset clips)
    {
        Location = clips.Directory;
        Labels = clips.Labels;
        Items = [.. clips.Files.Select(f => new DatasetItem(Path.GetFileName(f.Path), f.Path, f.Label, f.Fold, Path.GetFileNameWithoutExtension(f.Path)))];
        Problems = [.. clips.Unusable.Select(u => new DatasetProblem(u.Path, u.Reason))];
    }

    public string Location { get; }

    public string Layout => "device clip folder (clips with a verdict)";

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public IReadOnlyList<DatasetProblem> Problems { get; }

    public static ClipFolderLayout Open(string dir) => new(ClipFolderDataset.Open(dir));
}
