using EdgeSound.Dsp.Files;
namespace EdgeSound.Learning.Data;

/// <summary>A file found by <see cref="FolderWalk"/>.</summary>
/// <param name="Path">The path it was reached by, under the walked folder.</param>
/// <param name="Real">Its <see cref="RealPath"/>: equal for every path that reaches the same file.</param>
/// <param name="ThroughLink">True when the file or a folder on the way below the walked folder is a symbolic link.</param>
internal sealed record WalkedFile(string Path, string Real, bool ThroughLink);

/// <summary>
/// Every file under a folder, following symbolic links to folders but reading each real folder once, so a link loop
/// ends and a folder linked twice is read once. Folders reached without a link are read before any reached through
/// one, so the folder a link points at is read under its own name. A folder reached again, or one that cannot be
/// listed, is a problem naming the path it was reached by. Files are listed as found (a file linked twice is listed
/// twice, with one <see cref="WalkedFile.Real"/>).
/// </summary>
internal sealed class FolderWalk
{
    private FolderWalk(IReadOnlyList<WalkedFile> files, IReadOnlyList<DatasetProblem> problems)
    {
        Files = files;
        Problems = problems;
    }

    public IReadOnlyList<WalkedFile> Files { get; }

    public IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>Walks <paramref name="root"/>; sibling entries are taken in ordinal order.</summary>
    /// <exception cref="IOException"><paramref name="root"/> itself is a link loop.</exception>
    public static FolderWalk Of(string root)
    {
        var files = new List<WalkedFile>();
        var problems = new List<DatasetProblem>();
        string rootReal = RealPath.Of(root);
        var read = new Dictionary<string, string>(StringComparer.Ordinal) { [rootReal] = root };
        var direct = new Queue<(string Path, string Real)>([(root, rootReal)]);
        var linked = new Queue<(string Path, string Real)>();
        while (direct.Count > 0 || linked.Count > 0)
        {
            bool throughLink = direct.Count == 0;
            (string dir, string real) = throughLink ? linked.Dequeue() : direct.Dequeue();
            if (throughLink && !read.TryAdd(real, dir))
            {
                string first = read[real] == real ? "" : $" as {read[real]}";
                problems.Add(new DatasetProblem(dir, $"links to {real}, already read{first}: a folder is read once"));
                continue;
            }

            foreach (string entry in Entries(dir, problems))
            {
                bool isLink = new FileInfo(entry).LinkTarget is not null;
                string entryReal;
                try
                {
                    entryReal = isLink ? RealPath.Of(entry) : Path.Join(real, Path.GetFileName(entry));
                }
                catch (IOException e)
                {
                    problems.Add(new DatasetProblem(entry, e.Message));
                    continue;
                }

                if (!Directory.Exists(entry))
                {
                    files.Add(new WalkedFile(entry, entryReal, isLink || throughLink));
                }
                else if (isLink || throughLink)
                {
                    linked.Enqueue((entry, entryReal));
                }
                else
                {
                    read[entryReal] = entry;
                    direct.Enqueue((entry, entryReal));
                }
            }
        }

        return new FolderWalk(files, problems);
    }

    /// <summary>The folder's entries in ordinal order; a folder that cannot be listed is a problem and has none.</summary>
    private static string[] Entries(string dir, List<DatasetProblem> problems)
    {
        try
        {
            return [.. DatasetFiles.Sorted(Directory.EnumerateFileSystemEntries(dir))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new DatasetProblem(dir, $"folder cannot be read: {e.Message}"));
            return [];
        }
    }
}
