namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Statistics of one channel of a captured stretch of audio (raw, before DC removal and gain), samples scaled to
/// [-1, 1). <paramref name="Lag1Correlation"/> is the normalised autocorrelation at a lag of one sample of the
/// DC-free signal: near 1 for sound picked up by a microphone (energy at low frequencies), near 0 for white noise
/// such as the random bits of a floating I2S data line.
/// </summary>
public sealed record AudioStats(long Samples, double RmsDbfs, double PeakDbfs, double DcOffset, long Clipped, double ZeroFraction, double Lag1Correlation)
{
    /// <summary>Magnitude at or above which a sample counts as clipped (full scale less 0.1%).</summary>
    public const float ClipLevel = 0.999f;

    /// <summary>Computes the statistics of samples scaled to [-1, 1).</summary>
    public static AudioStats Of(ReadOnlySpan<float> x)
    {
        double sum = 0, sumSq = 0, sumLag = 0, peak = 0;
        long clipped = 0, zeros = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            sum += v;
            sumSq += v * v;
            if (i > 0)
            {
                sumLag += v * x[i - 1];
            }

            var a = Math.Abs(v);
            peak = Math.Max(peak, a);
            clipped += a >= ClipLevel ? 1 : 0;
            zeros += v == 0 ? 1 : 0;
        }

        var n = Math.Max(1, x.Length);
        var mean = sum / n;
        var variance = Math.Max(0, (sumSq / n) - (mean * mean));
        var lag1 = variance <= 1e-20 || x.Length < 2 ? 0 : ((sumLag / (n - 1)) - (mean * mean)) / variance;
        return new AudioStats(x.Length, Db(variance), Db(peak * peak), mean, clipped, zeros / (double)n, lag1);
    }

    private static double Db(double power) => power <= 1e-12 ? -120 : 10 * Math.Log10(power);
}
