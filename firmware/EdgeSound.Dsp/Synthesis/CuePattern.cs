using System.Globalization;
using System.Text;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// A parsed cue (see cue-patterns.md beside this file): tempo, waveform, envelope, noise layer, optional low-pass, and
/// the events with repeats already expanded. <see cref="ToText"/> writes the canonical text, which parses back to an
/// equal pattern.
/// </summary>
/// <param name="Bpm">tempo in beats (quarter notes) per minute.</param>
/// <param name="Wave">oscillator shape of every note.</param>
/// <param name="Envelope">ADSR applied to every note.</param>
/// <param name="Noise">level of the band-passed noise layer mixed into every note, 0..1 (0: none).</param>
/// <param name="LowPassHz">cut-off of the biquad low-pass on every note, Hz; null: none.</param>
/// <param name="Events">notes and rests in order.</param>
public sealed record CuePattern(double Bpm, Waveform Wave, AdsrEnvelope Envelope, double Noise, double? LowPassHz, IReadOnlyList<CueEvent> Events)
{
    /// <summary>Velocity of a note written without one.</summary>
    public const int DefaultVelocity = 100;

    /// <summary>Seconds per beat.</summary>
    public double SecondsPerBeat => 60.0 / Bpm;

    /// <summary>Total length of the events in beats (release tails not counted).</summary>
    public double TotalBeats => Events.Sum(e => e.Beats);

    /// <summary>Value-equality including the event list.</summary>
    public bool Equals(CuePattern? other) =>
        other is not null && Bpm == other.Bpm && Wave == other.Wave && Envelope == other.Envelope && Noise == other.Noise
        && LowPassHz == other.LowPassHz && Events.SequenceEqual(other.Events);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Bpm, Wave, Envelope, Noise, LowPassHz, Events.Count);

    /// <summary>Canonical text, e.g. <c>bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8@90</c>.</summary>
    /// <exception cref="InvalidOperationException">an event's length is not a plain or dotted note value 1/1..1/64.</exception>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"bpm={Bpm:0.###} wave={Wave.ToString().ToLowerInvariant()} ");
        text.Append(CultureInfo.InvariantCulture, $"adsr={Envelope.AttackMs:0.###},{Envelope.DecayMs:0.###},{Envelope.SustainLevel:0.###},{Envelope.ReleaseMs:0.###}");
        if (Noise > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" noise={Noise:0.###}");
        }

        if (LowPassHz is { } cutoff)
        {
            text.Append(CultureInfo.InvariantCulture, $" lpf={cutoff:0.###}");
        }

        text.Append(':');
        foreach (CueEvent e in Events)
        {
            text.Append(' ').Append(e.Pitch?.ToString() ?? "r").Append('/').Append(NoteValue.Format(e.Beats));
            if (!e.IsRest && e.Velocity != DefaultVelocity)
            {
                text.Append(CultureInfo.InvariantCulture, $"@{e.Velocity}");
            }
        }

        return text.ToString();
    }
}
