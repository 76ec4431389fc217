using System.Globalization;

namespace EdgeSound.Learning.Data;

/// <summary>
/// Clip-level feature matrix: one row per loaded clip (in the order the clips were given), one column per
/// feature name, plus the clips that failed to load.
/// </summary>
public sealed record FeatureTable(
    string[] FileNames,
    int[] Folds,
    int[] Targets,
    string[] Labels,
    string[] FeatureNames,
    float[][] Rows,
    IReadOnlyList<DatasetProblem> Failures)
{
    /// <summary>Writes the contract CSV: <c>filename,fold,target,&lt;one column per feature&gt;</c>, invariant culture; a name
    /// holding a comma, quote or line break is quoted (RFC 4180).</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("filename,fold,target");
        foreach (string name in FeatureNames)
        {
            writer.Write(',');
            writer.Write(name);
        }

        writer.WriteLine();
        for (int r = 0; r < Rows.Length; r++)
        {
            string name = FileNames[r];
            writer.Write(name.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : name);
            writer.Write(',');
            writer.Write(Folds[r].ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Targets[r].ToString(CultureInfo.InvariantCulture));
            foreach (float v in Rows[r])
            {
                writer.Write(',');
                writer.Write(v.ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
        }
    }
}
