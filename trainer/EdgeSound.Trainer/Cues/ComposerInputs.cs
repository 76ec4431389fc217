using System.Globalization;

namespace EdgeSound.Trainer.Cues;

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

    /// <summary>The first problem, naming the command-line option and value; null when valid.</summary>
    public string? Problem()
    {
        if (!(Tempo >= MinTempo && Tempo <= MaxTempo))
        {
            return string.Create(CultureInfo.InvariantCulture, $"--tempo {Tempo}: expected {MinTempo}..{MaxTempo} BPM");
        }

        if (!(Brightness >= 0 && Brightness <= 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"--brightness {Brightness}: expected 0..1");
        }

        if (!(Noisiness >= 0 && Noisiness <= 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"--noisiness {Noisiness}: expected 0..1");
        }

        if (LengthBeats < 1 || LengthBeats > MaxLengthBeats)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--length-beats {LengthBeats}: expected 1..{MaxLengthBeats}");
        }

        return Key is < 0 or > 11 ? string.Create(CultureInfo.InvariantCulture, $"--key {Key}: expected a pitch class 0..11") : null;
    }
}
