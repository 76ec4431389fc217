namespace EdgeSound.Learning.Data;

/// <summary>
/// A folder per class: <c>DIR/&lt;label&gt;/*.wav</c> (the folder name is the label; WAVs in nested folders belong to
/// the class folder above them). Folds come from <see cref="SourceFolds"/>. Files that are not WAVs, and WAVs that
/// are not inside a class folder, are listed as problems.
/// </summary>
public sealed class ClassFolderDataset : ILabeledDataset
{
    private ClassFolderDataset(string location, IReadOnlyList<string> labels, IReadOnlyList<DatasetItem> items, IReadOnlyList<DatasetProblem> problems)
    {
        Location = location;
        Labels = labels;
        Items = items;
        Problems = problems;
    }

    public string Location { get; }

    public string Layout => "folder per class (DIR/<label>/*.wav)";

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>True when some sub-folder of <paramref name="dir"/> holds a WAV file.</summary>
    public static bool Matches(string dir) =>
        Directory.EnumerateDirectories(dir).Any(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any(DatasetFiles.IsWav));

    public static ClassFolderDataset Open(string dir)
    {
        var items = new List<DatasetItem>();
        var problems = new List<DatasetProblem>();
        foreach (string file in DatasetFiles.Sorted(Directory.EnumerateFiles(dir)))
        {
            problems.Add(new DatasetProblem(file, DatasetFiles.IsWav(file)
                ? "WAV file outside a class folder (expected DIR/<label>/*.wav)"
                : "not a WAV file and not in a class folder"));
        }

        foreach (string classDir in DatasetFiles.Sorted(Directory.EnumerateDirectories(dir)))
        {
            string label = Path.GetFileName(classDir);
            foreach (string file in DatasetFiles.Sorted(Directory.EnumerateFiles(classDir, "*", SearchOption.AllDirectories)))
            {
                if (!DatasetFiles.IsWav(file))
                {
                    problems.Add(new DatasetProblem(file, "not a .wav file"));
                    continue;
                }

                string source = SourceFolds.SourceOf(Path.GetFileName(file));
                items.Add(new DatasetItem(Path.GetRelativePath(dir, file), file, label, SourceFolds.FoldOf(source), source));
            }
        }

        return new ClassFolderDataset(dir, DatasetFiles.LabelsOf(items), items, problems);
    }
}
