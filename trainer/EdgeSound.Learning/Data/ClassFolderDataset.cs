namespace EdgeSound.Learning.Data;

/// <summary>
/// A folder per class: <c>DIR/&lt;label&gt;/*.wav</c> (the folder name is the label; WAVs in nested folders belong to
/// the class folder above them; symbolic links are followed, each folder and clip read once). Folds come from
/// <see cref="SourceFolds"/>. Files that are not WAVs, WAVs that are not inside a class folder, second paths to a
/// folder or clip already read, and class folders without a clip are listed as problems.
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

    /// <summary>True when some sub-folder of <paramref name="dir"/> holds a WAV file (links followed, each folder once).</summary>
    public static bool Matches(string dir) =>
        FolderWalk.Of(dir).Files.Any(f => DatasetFiles.IsWav(f.Path) && ClassFolderOf(dir, f.Path) is not null);

    /// <summary>
    /// Reads the folder, following symbolic links (<see cref="FolderWalk"/>: a link loop ends, a folder linked twice is
    /// read once and the link named). A clip reached by two paths (a link to a file, a folder linked under two names)
    /// is kept once, by the path without a link where there is one, and every other path is listed naming the one kept.
    /// A class folder with no clip is listed too, so a class is never dropped unsaid.
    /// </summary>
    /// <exception cref="IOException"><paramref name="dir"/> itself is a link loop.</exception>
    public static ClassFolderDataset Open(string dir)
    {
        FolderWalk walk = FolderWalk.Of(dir);
        var problems = new List<DatasetProblem>(walk.Problems);
        var candidates = new List<WalkedFile>();
        foreach (WalkedFile file in walk.Files)
        {
            if (ClassFolderOf(dir, file.Path) is null)
            {
                problems.Add(new DatasetProblem(file.Path, DatasetFiles.IsWav(file.Path)
                    ? "WAV file outside a class folder (expected DIR/<label>/*.wav)"
                    : "not a WAV file and not in a class folder"));
            }
            else if (!DatasetFiles.IsWav(file.Path))
            {
                problems.Add(new DatasetProblem(file.Path, "not a .wav file"));
            }
            else
            {
                candidates.Add(file);
            }
        }

        var items = new List<DatasetItem>();
        foreach (IGrouping<string, WalkedFile> paths in candidates.GroupBy(f => f.Real, StringComparer.Ordinal))
        {
            WalkedFile[] byPreference = [.. paths.OrderBy(f => f.ThroughLink).ThenBy(f => f.Path, StringComparer.Ordinal)];
            WalkedFile kept = byPreference[0];
            string name = Path.GetRelativePath(dir, kept.Path);
            foreach (WalkedFile again in byPreference.Skip(1))
            {
                problems.Add(new DatasetProblem(again.Path, $"reaches the same file as {name} through a symbolic link; {name} is read: one clip counts once"));
            }

            string source = SourceFolds.SourceOf(Path.GetFileName(kept.Path));
            items.Add(new DatasetItem(name, kept.Path, ClassFolderOf(dir, kept.Path)!, SourceFolds.FoldOf(source), source));
        }

        items = [.. items.OrderBy(i => i.Label, StringComparer.Ordinal).ThenBy(i => i.AudioPath, StringComparer.Ordinal)];
        foreach (string classDir in DatasetFiles.Sorted(Directory.EnumerateDirectories(dir)))
        {
            string label = Path.GetFileName(classDir);
            if (!items.Any(i => i.Label == label) && !problems.Any(p => p.File == classDir))
            {
                problems.Add(new DatasetProblem(classDir, $"class '{label}' has no .wav clip (an empty class folder, or every file in it is listed above): the class is left out"));
            }
        }

        return new ClassFolderDataset(dir, DatasetFiles.LabelsOf(items), items, problems);
    }

    /// <summary>The name of the class folder <paramref name="file"/> lies in (the first folder below <paramref name="dir"/>); null for a file directly in <paramref name="dir"/>.</summary>
    private static string? ClassFolderOf(string dir, string file)
    {
        string[] parts = Path.GetRelativePath(dir, file).Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], 2);
        return parts.Length == 2 ? parts[0] : null;
    }
}
