using System.Globalization;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// The comma-separated fold numbers of a <c>--folds</c>-style option (spaces around entries allowed), read the same
/// way by every verb: an empty entry, a fold below 1 or a fold given twice is refused in one line naming the option
/// and its value. The range a verb allows (ESC-50 folds 1-4, say) is the verb's to check.
/// </summary>
internal static class FoldList
{
    /// <summary>The folds of <paramref name="text"/>, in the order given.</summary>
    /// <exception cref="ArgumentException">no fold, an empty entry, an entry that is no fold number, or a repeated fold; the message starts with <paramref name="option"/>.</exception>
    public static IReadOnlyList<int> Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{option}: no fold given (expected e.g. 1,2,3)");
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var folds = new List<int>(parts.Length);
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                throw new ArgumentException($"{option} {text}: entry {i + 1} is empty (expected e.g. 1,2,3)");
            }

            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int fold) || fold < 1)
            {
                throw new ArgumentException($"{option} {text}: '{parts[i]}' is not a fold number (expected e.g. 1,2,3)");
            }

            if (folds.Contains(fold))
            {
                throw new ArgumentException($"{option} {text}: fold {fold} is given twice");
            }

            folds.Add(fold);
        }

        return folds;
    }

    /// <summary>The folds of <paramref name="text"/> as a set, ascending.</summary>
    /// <exception cref="ArgumentException">as <see cref="Parse"/>.</exception>
    public static IReadOnlySet<int> Set(string text, string option) => new SortedSet<int>(Parse(text, option));
}
