namespace EdgeSound.Learning.Data;

/// <summary>File-name rules shared by the dataset layouts.</summary>
internal static class DatasetFiles
{
    public static bool IsWav(string path) => Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase);

    /// <summary>Paths in ordinal order, so every run lists items and problems the same way.</summary>
    public static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal);

    /// <summary>The distinct labels of <paramref name="items"/> in ordinal order.</summary>
    public static IReadOnlyList<string> LabelsOf(IEnumerable<DatasetItem> items) =>
        [.. items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
