namespace EdgeSound.Dsp.Rhythm;

/// <summary>A tempo estimate: <paramref name="Bpm"/> and <paramref name="Strength"/>, the weighted autocorrelation at
/// the chosen lag divided by the autocorrelation at lag 0 (0..1; near 0: no periodicity).</summary>
public sealed record TempoEstimate(double Bpm, double Strength);

/// <summary>
/// Global tempo from an onset envelope: the envelope's mean is removed, its (biased) autocorrelation r(τ) is computed for
/// lags from <see cref="MaxBpm"/> to <see cref="MinBpm"/>, weighted by Ellis's log-Gaussian tempo prior
/// W(τ) = exp(-½ (log2(τ / 0.5 s) / 1.4)²) (Ellis, "Beat tracking by dynamic programming", J. New Music Research 2007,
/// §2.2), and the best lag refined by parabolic interpolation through its neighbours. BPM = 60 / τ.
/// </summary>
public static class TempoEstimator
{
    /// <summary>Tempo range searched, BPM.</summary>
    public const double MinBpm = 40, MaxBpm = 240;

    /// <summary>Centre of the tempo prior, seconds per beat (120 BPM), and its width in octaves.</summary>
    public const double PriorCenterSeconds = 0.5, PriorOctaves = 1.4;

    /// <summary>The tempo of <paramref name="envelope"/>; null when it is shorter than two periods of the slowest tempo
    /// or carries no variation (silence, steady noise).</summary>
    public static TempoEstimate? Estimate(OnsetEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        double fps = envelope.FramesPerSecond;
        int minLag = Math.Max(1, (int)Math.Floor(fps * 60 / MaxBpm));
        int maxLag = (int)Math.Ceiling(fps * 60 / MinBpm);
        float[] x = envelope.Values;
        if (x.Length < 2 * (maxLag + 1))
        {
            return null;
        }

        double mean = x.Average(v => (double)v);
        var centred = new double[x.Length];
        for (int t = 0; t < x.Length; t++)
        {
            centred[t] = x[t] - mean;
        }

        double r0 = Autocorrelation(centred, 0);
        if (r0 <= 0)
        {
            return null;
        }

        var score = new double[maxLag + 2];
        int best = -1;
        for (int lag = minLag - 1; lag <= maxLag + 1; lag++)
        {
            if (lag < 1)
            {
                continue;
            }

            double tau = lag / fps;
            double octaves = Math.Log2(tau / PriorCenterSeconds) / PriorOctaves;
            score[lag] = Autocorrelation(centred, lag) * Math.Exp(-0.5 * octaves * octaves);
            if (lag >= minLag && lag <= maxLag && (best < 0 || score[lag] > score[best]))
            {
                best = lag;
            }
        }

        if (score[best] <= 0)
        {
            return null;
        }

        double a = score[best - 1], b = score[best], c = score[best + 1];
        double denominator = a - (2 * b) + c;
        double offset = denominator < 0 ? Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
        return new TempoEstimate(60 * fps / (best + offset), Math.Clamp(b / r0, 0, 1));
    }

    private static double Autocorrelation(double[] x, int lag)
    {
        double sum = 0;
        for (int t = lag; t < x.Length; t++)
        {
            sum += x[t] * x[t - lag];
        }

        return sum;
    }
}
