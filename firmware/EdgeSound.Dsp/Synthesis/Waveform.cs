namespace EdgeSound.Dsp.Synthesis;

/// <summary>The oscillator shape of a cue's notes (the pattern key <c>wave=</c>).</summary>
public enum Waveform
{
    /// <summary>Pure tone (NWaves <c>SineBuilder</c>).</summary>
    Sine,

    /// <summary>Triangle wave (NWaves <c>TriangleWaveBuilder</c>); its harmonics fall as 1/k², so it is left naive.</summary>
    Triangle,

    /// <summary>Band-limited square wave (<see cref="BandLimitedOscillator"/>): odd harmonics at 1/k.</summary>
    Square,

    /// <summary>Band-limited rising sawtooth (<see cref="BandLimitedOscillator"/>): all harmonics at 1/k.</summary>
    Sawtooth,

    /// <summary>White noise band-passed around the note's frequency (<see cref="PitchedNoise"/>).</summary>
    Noise,
}
