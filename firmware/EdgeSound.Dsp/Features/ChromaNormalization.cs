namespace EdgeSound.Dsp.Features;

/// <summary>
/// librosa.feature.chroma_stft scales each frame's chroma vector to a maximum of 1 (norm = inf); NWaves'
/// ChromaExtractor returns the raw filterbank energies. Frames whose maximum is below <see cref="Tiny"/> (silence)
/// stay as they are.
/// </summary>
public static class ChromaNormalization
{
    /// <summary>The smallest normal float32, librosa's "tiny" threshold for normalisation.</summary>
    public const float Tiny = 1.17549435e-38f;

    /// <summary>Divides each of the first <paramref name="count"/> frames by its maximum.</summary>
    public static void ScaleToUnitMaximum(IList<float[]> frames, int count)
    {
        ArgumentNullException.ThrowIfNull(frames);
        for (int t = 0; t < count; t++)
        {
            float[] frame = frames[t];
            float max = 0;
            foreach (float v in frame)
            {
                max = MathF.Max(max, v);
            }

            if (max > Tiny)
            {
                float inverse = 1f / max;
                for (int i = 0; i < frame.Length; i++)
                {
                    frame[i] *= inverse;
                }
            }
        }
    }
}
