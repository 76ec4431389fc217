namespace EdgeSound.Daemon.Configuration;

/// <summary>The "did you mean" of a misspelt key or label: a known name that the given one starts (or is the start
/// of), otherwise the closest one by Levenshtein distance (case-insensitive, Quickenshtein) within max(2, length / 3)
/// edits; null when none is that close.</summary>
public static class NameSuggestion
{
    public static string? Nearest(string name, IEnumerable<string> known)
    {
        var names = known.ToList();
        var lower = name.ToLowerInvariant();
        return names.Find(c => c.StartsWith(name, StringComparison.OrdinalIgnoreCase) || name.StartsWith(c, StringComparison.OrdinalIgnoreCase))
            ?? names.Select(c => (Name: c, Distance: Quickenshtein.Levenshtein.GetDistance(c.ToLowerInvariant(), lower)))
                .Where(c => c.Distance <= Math.Max(2, name.Length / 3)).OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();
    }
}
