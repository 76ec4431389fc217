using System.Globalization;

namespace EdgeSound.Daemon.Configuration;

/// <summary>A daily local-time span <c>HH:MM-HH:MM</c>; a span whose end is before its start wraps midnight.</summary>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    public static bool TryParse(string text, out QuietHours hours)
    {
        hours = default;
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start == end)
        {
            return false;
        }

        hours = new QuietHours(start, end);
        return true;
    }

    /// <summary>True when <paramref name="time"/> lies in [Start, End) (wrapping midnight when End &lt; Start).</summary>
    public bool Contains(TimeOnly time) => Start < End
        ? time >= Start && time < End
        : time >= Start || time < End;
}
