namespace EdgeSound.Dsp.Features;

/// <summary>
/// librosa.power_to_db with ref 1, amin 1e-10 and top_db: 10 log10(max(amin, x)), then every dB value below (the
/// clip's maximum - topDb) is raised to that floor, so digital silence sits topDb below the loudest value of the
/// clip instead of at the absolute -100 dB and the clip's level does not decide how far its silent frames fall.
/// </summary>
public static class TopDbFloor
{
    /// <summary>librosa's amin: the smallest power converted, so that 0 gives -100 dB, not -infinity.</summary>
    public const float Amin = 1e-10f;

    /// <summary>10 log10(max(<see cref="Amin"/>, power)).</summary>
    public static float ToDb(float power) => 10f * MathF.Log10(MathF.Max(Amin, power));

    /// <summary>
    /// Raises the dB values in columns [<paramref name="firstColumn"/>, firstColumn + <paramref name="columns"/>) of
    /// the first <paramref name="count"/> frames to (their maximum - <paramref name="topDb"/>); returns that floor.
    /// </summary>
    public static float Apply(IList<float[]> frames, int count, int firstColumn, int columns, float topDb)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(topDb, 0f);
        float max = float.NegativeInfinity;
        for (int t = 0; t < count; t++)
        {
            foreach (float v in frames[t].AsSpan(firstColumn, columns))
            {
                max = MathF.Max(max, v);
            }
        }

        float floor = max - topDb;
        for (int t = 0; t < count; t++)
        {
            Span<float> values = frames[t].AsSpan(firstColumn, columns);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = MathF.Max(values[i], floor);
            }
        }

        return floor;
    }
}
