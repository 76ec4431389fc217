using EdgeSound.Dsp.Rhythm;
using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Multi;
using NWaves.FeatureExtractors.Options;

namespace EdgeSound.Trainer.Cues;

/// <summary>
/// Measures a <see cref="SoundProfile"/> of 16 kHz mono samples: chroma from NWaves' <c>ChromaExtractor</c> (2048-sample
/// frames, hop 512, C first) averaged over sounding frames; spectral centroid and flatness from NWaves'
/// <c>SpectralFeaturesExtractor</c> (512-sample frames, hop 256), medians over sounding frames (digital silence, which
/// NWaves reports as 0 or NaN, is skipped); tempo and onset rate from <see cref="OnsetStrength"/> and
/// <see cref="TempoEstimator"/>. Not thread-safe: one meter per thread.
/// </summary>
public sealed class ProfileMeter
{
    /// <summary>Sample rate the meter expects.</summary>
    public const int SampleRate = 16000;

    private readonly ChromaExtractor _chroma = new(new ChromaOptions { SamplingRate = SampleRate, FrameSize = 2048, HopSize = 512, FftSize = 2048, BaseC = true });
    private readonly SpectralFeaturesExtractor _spectral = new(new MultiFeatureOptions { SamplingRate = SampleRate, FrameSize = 512, HopSize = 256, FeatureList = "centroid, flatness" });

    /// <summary>The profile of <paramref name="samples"/> (16 kHz, full scale 1).</summary>
    public SoundProfile Measure(float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var chroma = new double[12];
        if (samples.Length >= 2048)
        {
            foreach (float[] frame in _chroma.ComputeFrom(samples))
            {
                double total = frame.Sum(v => (double)v);
                if (total > 0 && double.IsFinite(total))
                {
                    for (int i = 0; i < 12; i++)
                    {
                        chroma[i] += frame[i] / total;
                    }
                }
            }
        }

        double peak = chroma.Max();
        if (peak > 0)
        {
            for (int i = 0; i < 12; i++)
            {
                chroma[i] /= peak;
            }
        }

        var centroids = new List<double>();
        var flatness = new List<double>();
        if (samples.Length >= 512)
        {
            foreach (float[] frame in _spectral.ComputeFrom(samples))
            {
                if (frame[0] > 0 && float.IsFinite(frame[0]) && float.IsFinite(frame[1]))
                {
                    centroids.Add(frame[0]);
                    flatness.Add(frame[1]);
                }
            }
        }

        OnsetEnvelope onsets = OnsetStrength.Compute(samples, SampleRate);
        return new SoundProfile(TempoEstimator.Estimate(onsets)?.Bpm, onsets.OnsetRate(), chroma, Median(centroids), Median(flatness));
    }

    /// <summary>The middle value (mean of the middle two); 0 for none.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
