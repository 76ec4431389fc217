namespace EdgeSound.Dsp.Synthesis;

/// <summary>A cue pattern that cannot be parsed. The message names the 1-based column and the offending token.</summary>
public sealed class PatternFormatException(string reason, int column, string token)
    : FormatException($"pattern error at column {column}, token '{token}': {reason}")
{
    /// <summary>1-based column of the token's first character in the pattern text.</summary>
    public int Column { get; } = column;

    /// <summary>The token as written.</summary>
    public string Token { get; } = token;

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = reason;
}
