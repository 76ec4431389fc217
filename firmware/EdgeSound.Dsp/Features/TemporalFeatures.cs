namespace EdgeSound.Dsp.Features;

/// <summary>Time-domain frame features, librosa definitions.</summary>
public static class TemporalFeatures
{
    /// <summary>librosa's zero-crossing threshold: |x| at or below it counts as zero (and zero as positive).</summary>
    public const float ZeroThreshold = 1e-10f;

    /// <summary>sqrt(mean(x^2)) over the frame (librosa.feature.rms).</summary>
    public static float Rms(ReadOnlySpan<float> frame)
    {
        if (frame.IsEmpty)
        {
            return 0;
        }

        float s = Spectral.SpanMath.Dot(frame, frame);
        return MathF.Sqrt(s / frame.Length);
    }

    /// <summary>Sign changes between neighbours divided by the frame length (librosa.feature.zero_crossing_rate).</summary>
    public static float ZeroCrossingRate(ReadOnlySpan<float> frame)
    {
        if (frame.IsEmpty)
        {
            return 0;
        }

        int crossings = 0;
        bool previous = frame[0] < -ZeroThreshold;
        for (int i = 1; i < frame.Length; i++)
        {
            bool negative = frame[i] < -ZeroThreshold;
            crossings += negative != previous ? 1 : 0;
            previous = negative;
        }

        return (float)crossings / frame.Length;
    }
}
