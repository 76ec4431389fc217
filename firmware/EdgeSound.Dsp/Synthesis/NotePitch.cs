using System.Globalization;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// A note's pitch: a MIDI key (scientific pitch notation, C4 = key 60, A4 = key 69 = 440 Hz, twelve-tone equal
/// temperament: f = 440·2^((key-69)/12)) or a free frequency in Hz.
/// </summary>
public readonly record struct NotePitch
{
    private static readonly string[] SharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    private NotePitch(int? midiKey, double hz)
    {
        MidiKey = midiKey;
        Hz = hz;
    }

    /// <summary>The MIDI key (0..127) when the pitch was written as a note name, else null.</summary>
    public int? MidiKey { get; }

    /// <summary>Frequency in Hz.</summary>
    public double Hz { get; }

    /// <summary>The pitch of MIDI key <paramref name="key"/> (0..127).</summary>
    public static NotePitch FromMidiKey(int key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key, 127);
        return new NotePitch(key, 440 * Math.Pow(2, (key - 69) / 12.0));
    }

    /// <summary>A free frequency (&gt; 0 Hz).</summary>
    public static NotePitch FromHz(double hz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hz);
        return new NotePitch(null, hz);
    }

    /// <summary>The nearest MIDI key (for MIDI export of free frequencies), clamped to 0..127.</summary>
    public int NearestMidiKey => MidiKey ?? Math.Clamp((int)Math.Round(69 + (12 * Math.Log2(Hz / 440))), 0, 127);

    /// <summary>Scientific pitch name of a MIDI key with sharps: 60 -> "C4", 70 -> "A#4".</summary>
    public static string NameOf(int key) => string.Create(CultureInfo.InvariantCulture, $"{SharpNames[key % 12]}{(key / 12) - 1}");

    /// <summary>Pattern text: "C#5" or "440hz".</summary>
    public override string ToString() =>
        MidiKey is { } key ? NameOf(key) : string.Create(CultureInfo.InvariantCulture, $"{Hz:0.###}hz");
}
