namespace EdgeSound.Dsp.Features;

/// <summary>
/// NWaves computes some spectral features as ratios of sums over the frame's spectrum: on an all-zero frame (ESC-50
/// pads many clips with digital silence) spectral contrast is log10(0 / 0) = NaN. Such values become
/// <see cref="Value"/>, the value of a frame with nothing in it (no contrast, no centroid, no energy), so that
/// pooling over a clip stays finite and silent frames count as silence.
/// </summary>
public static class SilentFrames
{
    /// <summary>What a non-finite frame feature becomes.</summary>
    public const float Value = 0f;

    /// <summary>Replaces NaN and infinities in the first <paramref name="count"/> frames; returns how many it replaced.</summary>
    public static int ReplaceNonFinite(IList<float[]> frames, int count)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int replaced = 0;
        for (int t = 0; t < count; t++)
        {
            float[] frame = frames[t];
            for (int i = 0; i < frame.Length; i++)
            {
                if (!float.IsFinite(frame[i]))
                {
                    frame[i] = Value;
                    replaced++;
                }
            }
        }

        return replaced;
    }
}
