namespace EdgeSound.Dsp.Audio;

/// <summary>Float [-1, 1] to 16-bit PCM: x * 32768, rounded to nearest (ties away from zero), saturated.</summary>
public static class Pcm
{
    public static short[] ToInt16(ReadOnlySpan<float> x)
    {
        var y = new short[x.Length];
        ToInt16(x, y);
        return y;
    }

    public static void ToInt16(ReadOnlySpan<float> x, Span<short> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException($"output holds {y.Length} samples but input has {x.Length}", nameof(y));
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] = ToInt16(x[i]);
        }
    }

    /// <summary>One sample; NaN maps to 0.</summary>
    public static short ToInt16(float x)
    {
        if (float.IsNaN(x))
        {
            return 0;
        }

        float scaled = MathF.Round(x * 32768f, MidpointRounding.AwayFromZero);
        if (scaled >= short.MaxValue)
        {
            return short.MaxValue;
        }

        if (scaled <= short.MinValue)
        {
            return short.MinValue;
        }

        return (short)scaled;
    }
}
