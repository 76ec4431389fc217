namespace EdgeSound.Dsp.Synthesis;

/// <summary>One step of a pattern: a note (<paramref name="Pitch"/> set) or a rest (null), lasting
/// <paramref name="Beats"/> beats (quarter notes), with MIDI <paramref name="Velocity"/> 1..127 (ignored for rests).</summary>
public sealed record CueEvent(NotePitch? Pitch, double Beats, int Velocity)
{
    /// <summary>True for a rest.</summary>
    public bool IsRest => Pitch is null;
}
