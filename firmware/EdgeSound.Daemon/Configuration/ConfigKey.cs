namespace EdgeSound.Daemon.Configuration;

/// <summary>A single value or a list of values.</summary>
public enum KeyShape
{
    Scalar,
    List,
}

/// <summary>What the daemon does with a path-valued key; checked at start so a path that cannot be used stops the run.</summary>
public enum PathUse
{
    None,
    ReadFile,
    WriteFile,
    WriteDirectory,
}

/// <summary>
/// One configuration key: its full path (<c>*</c> stands for any label, as in <c>detection:classes:*:threshold</c>),
/// its shape, the rule every value (every list entry for a list) must pass, and for a path what the daemon does with it.
/// <paramref name="ActiveWith"/> names a key that must be non-empty for the path to be used (and checked).
/// </summary>
public sealed record ConfigKey(string Path, KeyShape Shape, ValueRule Rule, PathUse Use = PathUse.None, string? ActiveWith = null);
