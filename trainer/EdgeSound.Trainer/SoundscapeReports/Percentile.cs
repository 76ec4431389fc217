namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>Order statistics and level averages used by the soundscape report.</summary>
public static class Percentile
{
    /// <summary>
    /// The <paramref name="p"/>-quantile (0..1) of <paramref name="values"/> by linear interpolation between closest
    /// ranks (rank p·(n-1), Hyndman and Fan's type 7, the default of R and NumPy); NaN for no values.
    /// </summary>
    public static double Of(IReadOnlyList<double> values, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        double rank = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    /// <summary>
    /// The level exceeded during <paramref name="percent"/> % of the samples (L10, L50, L90 in the usual notation):
    /// the (100 - percent) % quantile of <paramref name="levels"/>, in their unit; NaN for no levels.
    /// </summary>
    public static double Exceeded(IReadOnlyList<double> levels, double percent) => Of(levels, 1 - (percent / 100));

    /// <summary>
    /// Energy mean of levels in dB, weighted: 10·log10(Σ wᵢ·10^(Lᵢ/10) / Σ wᵢ) (how an equivalent continuous level
    /// Leq is built from shorter ones, IEC 61672-1); NaN when the weights sum to 0.
    /// </summary>
    public static double EnergyMean(IReadOnlyList<double> levels, IReadOnlyList<double> weights)
    {
        if (levels.Count != weights.Count)
        {
            throw new ArgumentException($"{levels.Count} levels but {weights.Count} weights");
        }

        double energy = 0, total = 0;
        for (int i = 0; i < levels.Count; i++)
        {
            energy += weights[i] * Math.Pow(10, levels[i] / 10);
            total += weights[i];
        }

        return total > 0 ? 10 * Math.Log10(energy / total) : double.NaN;
    }
}
