using System.Globalization;

namespace EdgeSound.Trainer.Commands;

/// <summary>The <c>MIN,MAX</c> form of a range option (<c>--snr 0,20</c>, <c>--gain -12,6</c>).</summary>
internal static class NumberRange
{
    /// <summary>
    /// Reads two invariant-culture numbers separated by one comma (spaces around them allowed); false for any other
    /// text. The order of the two is the caller's to check, so each option can name its own limits.
    /// </summary>
    public static bool TryParse(string text, out double min, out double max)
    {
        min = max = 0;
        string[] parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out min)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out max);
    }
}
