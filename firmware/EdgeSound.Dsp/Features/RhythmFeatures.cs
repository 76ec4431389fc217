using EdgeSound.Dsp.Rhythm;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// Clip-level rhythm features: the tempo (BPM) that <see cref="TempoEstimator"/> finds in the clip's spectral-flux
/// onset envelope (<see cref="OnsetStrength"/>), and the onset rate, onsets per second
/// (<see cref="OnsetEnvelope.OnsetRate"/>). Both are deterministic functions of the samples.
/// </summary>
public static class RhythmFeatures
{
    /// <summary>The tempo written when the clip has none: shorter than about 3 s (two beats at the slowest tempo searched, 40 BPM), or no variation in its onset envelope (silence, steady sound).</summary>
    public const float NoTempo = 0f;

    /// <summary>Feature names, in output order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["tempo_bpm", "onset_rate"];

    /// <summary>Writes tempo_bpm and onset_rate of <paramref name="samples"/> (mono, full scale 1, at <paramref name="sampleRate"/> Hz, >= 1000) into <paramref name="features"/> (length >= 2).</summary>
    public static void Compute(float[] samples, int sampleRate, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(samples);
        OnsetEnvelope envelope = OnsetStrength.Compute(samples, sampleRate);
        features[0] = (float)(TempoEstimator.Estimate(envelope)?.Bpm ?? NoTempo);
        features[1] = (float)envelope.OnsetRate();
    }
}
