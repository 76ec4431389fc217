using NWaves.Filters.BiQuad;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// Noise with a pitch: uniform white noise from a seeded generator (NWaves' noise builders are unseeded, and a cue must
/// render the same every time) through NWaves' biquad band-pass centred on the note (Q = <see cref="Q"/>), then scaled
/// to unit peak.
/// </summary>
public static class PitchedNoise
{
    /// <summary>Band-pass quality factor: bandwidth about a quarter of the centre frequency.</summary>
    public const double Q = 4;

    /// <summary>Writes band-passed noise centred on <paramref name="frequencyHz"/> (below rate/2) into <paramref name="output"/>.</summary>
    public static void Render(double frequencyHz, int sampleRate, int seed, Span<float> output)
    {
        var random = new Random(seed);
        var bandPass = new BandPassFilter(frequencyHz / sampleRate, Q);
        float peak = 0;
        for (int n = 0; n < output.Length; n++)
        {
            float y = bandPass.Process((float)((2 * random.NextDouble()) - 1));
            output[n] = y;
            peak = Math.Max(peak, Math.Abs(y));
        }

        if (peak > 0)
        {
            for (int n = 0; n < output.Length; n++)
            {
                output[n] /= peak;
            }
        }
    }
}
