using EdgeSound.Dsp.Files;
using System.Globalization;

namespace EdgeSound.Learning.Data;

/// <summary>
/// A CSV manifest with a header row naming <c>filename,label</c> and optionally <c>fold</c> (other columns are
/// ignored). File names are relative to the manifest's folder (or absolute). A row without a fold gets the fold of
/// its source (<see cref="SourceFolds"/>). Rows that cannot be used (a double quote never closed, a field count other than the header's, empty
/// label, bad fold, missing or non-WAV file, a file an earlier row already lists, also by another path or through a
/// symbolic link) are listed as problems naming the manifest line; a header naming a column twice is refused.
/// </summary>
public sealed class ManifestDataset : ILabeledDataset
{
    /// <summary>The manifest a dataset folder may hold.</summary>
    public const string DefaultName = "manifest.csv";

    private ManifestDataset(string location, IReadOnlyList<string> labels, IReadOnlyList<DatasetItem> items, IReadOnlyList<DatasetProblem> problems)
    {
        Location = location;
        Labels = labels;
        Items = items;
        Problems = problems;
    }

    public string Location { get; }

    public string Layout => "CSV manifest (filename,label[,fold])";

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>Reads the manifest. A missing file, or a header without filename and label columns, throws
    /// <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/> naming the file.</summary>
    public static ManifestDataset Open(string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            throw new FileNotFoundException($"{csvPath}: manifest not found", csvPath);
        }

        string root = Path.GetDirectoryName(Path.GetFullPath(csvPath)) ?? ".";
        string[] lines = File.ReadAllLines(csvPath);
        string[] header = lines.Length > 0 ? CsvRow.Split(lines[0]) : [];
        int fileColumn = Column(header, "filename"), labelColumn = Column(header, "label"), foldColumn = Column(header, "fold");
        if (fileColumn < 0 || labelColumn < 0)
        {
            throw new InvalidDataException($"{csvPath}: the first row must be a header naming the columns filename,label[,fold] (found: {(lines.Length > 0 ? lines[0] : "an empty file")})");
        }

        if (header.Select(h => h.Trim().ToLowerInvariant()).GroupBy(h => h).FirstOrDefault(g => g.Key.Length > 0 && g.Count() > 1) is { } twice)
        {
            throw new InvalidDataException($"{csvPath}: the header names the column '{twice.Key}' {twice.Count()} times");
        }

        var items = new List<DatasetItem>();
        var problems = new List<DatasetProblem>();
        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }

            string[] cells = CsvRow.Split(lines[n], out bool unclosed);
            string Cell(int column) => column >= 0 && column < cells.Length ? cells[column].Trim() : "";
            string where = $"{csvPath} line {n + 1}";
            string file = Cell(fileColumn), label = Cell(labelColumn), fold = Cell(foldColumn);
            string? reason = null;
            string path = file.Length == 0 ? "" : Path.GetFullPath(Path.Combine(root, file));
            string real = File.Exists(path) ? RealPath.Of(path) : path;
            int foldNumber = 0;
            if (unclosed)
            {
                reason = "a double quote opened and never closed (a field starting with \" must end with \")";
            }
            else if (cells.Length != header.Length)
            {
                reason = $"{cells.Length} field(s) where the header has {header.Length} (a comma inside an unquoted field, or a missing one?)";
            }
            else if (file.Length == 0)
            {
                reason = "empty filename";
            }
            else if (label.Length == 0)
            {
                reason = $"{file}: empty label";
            }
            else if (fold.Length > 0 && !(int.TryParse(fold, NumberStyles.Integer, CultureInfo.InvariantCulture, out foldNumber) && foldNumber >= 1))
            {
                reason = $"{file}: fold '{fold}' is not a positive integer";
            }
            else if (!DatasetFiles.IsWav(file))
            {
                reason = $"{file}: not a .wav file";
            }
            else if (!File.Exists(path))
            {
                reason = $"{file}: file not found ({path})";
            }
            else if (listed.TryGetValue(real, out int first))
            {
                reason = $"{file}: already listed on line {first} (one clip in two rows would count twice, or leak between folds and labels)";
            }

            if (reason is not null)
            {
                problems.Add(new DatasetProblem(where, reason));
                continue;
            }

            listed.Add(real, n + 1);
            string source = SourceFolds.SourceOf(Path.GetFileName(file));
            items.Add(new DatasetItem(file, path, label, fold.Length > 0 ? foldNumber : SourceFolds.FoldOf(source), source));
        }

        return new ManifestDataset(csvPath, DatasetFiles.LabelsOf(items), items, problems);
    }

    private static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => h.Trim().Equals(name, StringComparison.OrdinalIgnoreCase));
}
