using System.Text;

namespace EdgeSound.Learning.Data;

/// <summary>
/// Deterministic fold assignment for layouts that carry no folds. Like ESC-50's clip id, every clip cut from one
/// source recording gets the same fold: the fold is a stable hash of the source's name, so it never changes when
/// other files are added. The source of a file is its name up to <see cref="SourceSeparator"/>
/// (<c>kitchen-0501__003.wav</c> comes from <c>kitchen-0501</c>), or the whole name without extension.
/// </summary>
public static class SourceFolds
{
    /// <summary>ESC-50's number of folds.</summary>
    public const int FoldCount = 5;

    public const string SourceSeparator = "__";

    /// <summary>The source recording of a file name (no directory).</summary>
    public static string SourceOf(string fileName)
    {
        string stem = Path.GetFileNameWithoutExtension(fileName);
        int cut = stem.IndexOf(SourceSeparator, StringComparison.Ordinal);
        return cut > 0 ? stem[..cut] : stem;
    }

    /// <summary>Fold 1..<see cref="FoldCount"/> of a source: 64-bit FNV-1a of its lower-case UTF-8 name, modulo the fold count.</summary>
    public static int FoldOf(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        const ulong offsetBasis = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        ulong hash = offsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(source.ToLowerInvariant()))
        {
            hash = (hash ^ b) * prime;
        }

        return 1 + (int)(hash % FoldCount);
    }
}
