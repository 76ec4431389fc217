namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// A look-ahead peak limiter over a whole buffer: no output sample exceeds <see cref="CeilingDbfs"/>, gain changes are
/// ramps rather than steps. The gain each sample needs, g[n] = min(1, c / |x[n]|), is min-filtered over ±L samples and
/// then averaged over ±L: every average then only contains values at or below g[n], so |x[n]·gain[n]| &lt;= c exactly,
/// and the gain falls over 2L samples before a peak (look-ahead) instead of jumping. Recovery after the peak is held to
/// a one-pole release towards 1, never above the smoothed need. Buffers that already fit pass unchanged.
/// </summary>
/// <param name="CeilingDbfs">peak ceiling in dBFS (full scale 1.0), &lt;= 0.</param>
/// <param name="LookAheadMs">L in milliseconds.</param>
/// <param name="ReleaseMs">time constant of the gain's recovery, milliseconds.</param>
public sealed record PeakLimiter(double CeilingDbfs, double LookAheadMs, double ReleaseMs)
{
    /// <summary>Ceiling -1.01 dBFS (under -1 dBFS after 16-bit rounding), 2 ms look-ahead, 50 ms release.</summary>
    public static PeakLimiter Default { get; } = new(-1.01, 2, 50);

    /// <summary>Limits <paramref name="samples"/> (in [-∞, ∞], full scale 1) in place at <paramref name="sampleRate"/> Hz.</summary>
    public void Process(Span<float> samples, int sampleRate)
    {
        float ceiling = (float)Math.Pow(10, CeilingDbfs / 20);
        var need = new float[samples.Length];
        bool any = false;
        for (int n = 0; n < samples.Length; n++)
        {
            float magnitude = Math.Abs(samples[n]);
            need[n] = magnitude > ceiling ? ceiling / magnitude : 1f;
            any |= magnitude > ceiling;
        }

        if (!any)
        {
            return;
        }

        int half = Math.Max(1, (int)Math.Round(LookAheadMs * sampleRate / 1000.0));
        float[] smooth = MovingMean(MovingMin(need, half), half);
        float release = (float)(1 - Math.Exp(-1000.0 / (ReleaseMs * sampleRate)));
        float gain = 1;
        for (int n = 0; n < samples.Length; n++)
        {
            gain = Math.Min(smooth[n], gain + ((1 - gain) * release));
            samples[n] = Math.Clamp(samples[n] * gain, -ceiling, ceiling);
        }
    }

    /// <summary>min of x over [n-half, n+half] (clipped to the buffer), by the brute window (short windows only).</summary>
    private static float[] MovingMin(float[] x, int half)
    {
        var y = new float[x.Length];
        for (int n = 0; n < x.Length; n++)
        {
            float m = 1;
            int end = Math.Min(x.Length - 1, n + half);
            for (int k = Math.Max(0, n - half); k <= end; k++)
            {
                m = Math.Min(m, x[k]);
            }

            y[n] = m;
        }

        return y;
    }

    /// <summary>Mean of x over [n-half, n+half], repeating the edge values beyond the buffer (the min-filtered edge value
    /// still covers every sample within half of the edge, so the bound holds there too).</summary>
    private static float[] MovingMean(float[] x, int half)
    {
        var y = new float[x.Length];
        double sum = 0;
        int width = (2 * half) + 1;
        for (int k = -half; k <= half; k++)
        {
            sum += At(x, k);
        }

        for (int n = 0; n < x.Length; n++)
        {
            y[n] = (float)(sum / width);
            sum += At(x, n + half + 1) - At(x, n - half);
        }

        return y;
    }

    private static double At(float[] x, int n) => x[Math.Clamp(n, 0, x.Length - 1)];
}
