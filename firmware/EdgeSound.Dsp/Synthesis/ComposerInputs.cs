using System.Globalization;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>Major or minor: the scale a composed cue draws its notes from.</summary>
public enum Mode
{
    /// <summary>Major (Ionian) scale: 0 2 4 5 7 9 11 semitones above the tonic.</summary>
    Major,

    /// <summary>Natural minor (Aeolian) scale: 0 2 3 5 7 8 10.</summary>
    Minor,
}

/// <summary>
/// What the composer starts from: <paramref name="Tempo"/> in BPM (<see cref="MinTempo"/>..<see cref="MaxTempo"/>),
/// tonic pitch class <paramref name="Key"/> (0 = C .. 11 = B), <paramref name="Mode"/>, <paramref name="Brightness"/> and
/// <paramref name="Noisiness"/> in [0, 1], <paramref name="LengthBeats"/> (1..<see cref="MaxLengthBeats"/>) and the
/// random <paramref name="Seed"/>.
/// </summary>
public sealed record ComposerInputs(double Tempo, int Key, Mode Mode, double Brightness, double Noisiness, int LengthBeats, int Seed)
{
    /// <summary>Tempo range the composer accepts, BPM.</summary>
    public const double MinTempo = 40, MaxTempo = 240;

    /// <summary>Longest cue composed, beats.</summary>
    public const int MaxLengthBeats = 64;

    private static readonly string[] KeyNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>Sharp name of the key: "A", "F#".</summary>
    public string KeyName => KeyNames[Key];

    /// <summary>Pitch class of a key name: C, C#, Db, ... B (case-insensitive first letter); null when not a key.</summary>
    public static int? ParseKey(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 2)
        {
            return null;
        }

        int pc = "C D EF G A B".IndexOf(char.ToUpperInvariant(text[0]), StringComparison.Ordinal);
        if (pc < 0)
        {
            return null;
        }

        if (text.Length == 2)
        {
            pc += text[1] switch { '#' => 1, 'b' => -1, _ => 100 };
        }

        return pc is >= -1 and <= 12 ? (pc + 12) % 12 : null;
    }

    /// <summary>Parses <c>major</c> or <c>minor</c> (lower case, as the command line and the dashboard write them); null otherwise.</summary>
    public static Mode? ParseMode(string text) => text switch
    {
        "major" => Mode.Major,
        "minor" => Mode.Minor,
        _ => null,
    };

    /// <summary>The first input out of range, or null when all are valid.</summary>
    public ComposerProblem? Problem()
    {
        if (!(Tempo >= MinTempo && Tempo <= MaxTempo))
        {
            return new(ComposerInput.Tempo, Text(Tempo), string.Create(CultureInfo.InvariantCulture, $"{MinTempo}..{MaxTempo} BPM"));
        }

        if (!(Brightness >= 0 && Brightness <= 1))
        {
            return new(ComposerInput.Brightness, Text(Brightness), "0..1");
        }

        if (!(Noisiness >= 0 && Noisiness <= 1))
        {
            return new(ComposerInput.Noisiness, Text(Noisiness), "0..1");
        }

        if (LengthBeats < 1 || LengthBeats > MaxLengthBeats)
        {
            return new(ComposerInput.LengthBeats, Text(LengthBeats), string.Create(CultureInfo.InvariantCulture, $"1..{MaxLengthBeats}"));
        }

        return Key is < 0 or > 11 ? new(ComposerInput.Key, Text(Key), "a pitch class 0..11") : null;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The composer's inputs that have a range (<see cref="ComposerInputs.Problem"/>).</summary>
public enum ComposerInput
{
    Tempo,
    Key,
    Brightness,
    Noisiness,
    LengthBeats,
}

/// <summary>
/// An out-of-range composer input: which one, the value given (invariant culture) and the range expected. Each caller
/// names the input in its own terms (the trainer's <c>--length-beats</c>, the dashboard's <c>length</c>).
/// </summary>
public sealed record ComposerProblem(ComposerInput Input, string Value, string Expected);
