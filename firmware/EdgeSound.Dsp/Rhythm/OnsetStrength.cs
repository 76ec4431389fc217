using System.Numerics;
using NWaves.Transforms;
using NWaves.Windows;

namespace EdgeSound.Dsp.Rhythm;

/// <summary>
/// Onset-strength (novelty) envelope by spectral flux: magnitude spectra from NWaves' STFT (Hann, frame about
/// <see cref="FrameMs"/> rounded up to a power of two, hop <see cref="HopMs"/>), log-compressed Y = ln(1 + γ|X|) with
/// γ = <see cref="Compression"/>, then per frame the sum over bins of the half-wave rectified increase
/// max(0, Y[t,k] - Y[t-1,k]). Following Müller, Fundamentals of Music Processing (2015), §6.1.2 (spectral-based novelty).
/// </summary>
public static class OnsetStrength
{
    /// <summary>Analysis frame, milliseconds (512 samples at 16 kHz).</summary>
    public const double FrameMs = 32;

    /// <summary>Hop, milliseconds: 200 envelope values per second.</summary>
    public const double HopMs = 5;

    /// <summary>Log compression constant γ.</summary>
    public const double Compression = 1000;

    /// <summary>The envelope of <paramref name="samples"/> (mono, full scale 1) at <paramref name="sampleRate"/> Hz:
    /// one value per hop (first value 0), in units of summed log-magnitude increase; empty when the signal is shorter than one frame.</summary>
    public static OnsetEnvelope Compute(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        int frame = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(FrameMs * sampleRate / 1000));
        int hop = Math.Max(1, (int)Math.Round(HopMs * sampleRate / 1000));
        double framesPerSecond = (double)sampleRate / hop;
        if (samples.Length < frame)
        {
            return new OnsetEnvelope([], framesPerSecond);
        }

        var stft = new Stft(frame, hop, WindowType.Hann);
        List<float[]> power = stft.Spectrogram(samples, normalize: false);
        var novelty = new float[power.Count];
        float[]? previous = null;
        for (int t = 0; t < power.Count; t++)
        {
            float[] spectrum = power[t];
            var compressed = new float[spectrum.Length];
            for (int k = 0; k < spectrum.Length; k++)
            {
                compressed[k] = (float)Math.Log(1 + (Compression * Math.Sqrt(spectrum[k])));
            }

            if (previous is not null)
            {
                double flux = 0;
                for (int k = 0; k < compressed.Length; k++)
                {
                    flux += Math.Max(0, compressed[k] - previous[k]);
                }

                novelty[t] = (float)flux;
            }

            previous = compressed;
        }

        return new OnsetEnvelope(novelty, framesPerSecond);
    }
}
