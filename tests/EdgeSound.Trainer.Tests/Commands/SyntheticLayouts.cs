using System.Text;
using EdgeSound.Trainer.Tests.Analysis;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>The clips of a <see cref="SyntheticEsc50"/> folder laid out again as a folder per class or as a CSV manifest.</summary>
internal static class SyntheticLayouts
{
    /// <summary>Copies each clip to <c>dir/&lt;category&gt;/&lt;file&gt;</c>; returns <paramref name="dir"/>.</summary>
    public static string ClassFolders(SyntheticEsc50 data, string dir)
    {
        foreach (Row row in Rows(data))
        {
            Directory.CreateDirectory(Path.Combine(dir, row.Category));
            File.Copy(Path.Combine(data.Root, "audio", row.File), Path.Combine(dir, row.Category, row.File));
        }

        return dir;
    }

    /// <summary>Writes <c>filename,label,fold</c> rows (absolute file names) of the clips whose category passes
    /// <paramref name="keep"/> (default: all) to <paramref name="path"/>; returns it.</summary>
    public static string Manifest(SyntheticEsc50 data, string path, Func<string, bool>? keep = null)
    {
        var csv = new StringBuilder("filename,label,fold\n");
        foreach (Row row in Rows(data).Where(r => keep?.Invoke(r.Category) ?? true))
        {
            csv.Append($"{Path.Combine(data.Root, "audio", row.File)},{row.Category},{row.Fold}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private sealed record Row(string File, string Fold, string Category);

    private static IEnumerable<Row> Rows(SyntheticEsc50 data) =>
        File.ReadAllLines(Path.Combine(data.Root, "meta", "esc50.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => new Row(cells[0], cells[1], cells[3]));
}
