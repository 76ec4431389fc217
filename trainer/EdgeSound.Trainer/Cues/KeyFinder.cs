using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Trainer.Cues;

/// <summary>
/// Key and mode from a chroma vector by the Krumhansl-Schmuckler algorithm: the Pearson correlation of the chroma with
/// each of the 24 rotations of the Krumhansl-Kessler major and minor key profiles (Krumhansl, Cognitive Foundations of
/// Musical Pitch, 1990, table 4.1); the best-correlated rotation names the key.
/// </summary>
public static class KeyFinder
{
    private static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>Tonic pitch class (0 = C) and mode of <paramref name="chroma"/> (12 bins, C first); C major for a flat chroma.</summary>
    public static (int Key, Mode Mode) Find(IReadOnlyList<double> chroma)
    {
        ArgumentNullException.ThrowIfNull(chroma);
        if (chroma.Count != 12)
        {
            throw new ArgumentException($"a chroma has 12 bins, got {chroma.Count}", nameof(chroma));
        }

        (int Key, Mode Mode) best = (0, Mode.Major);
        double bestR = double.NegativeInfinity;
        for (int key = 0; key < 12; key++)
        {
            foreach ((Mode mode, double[] profile) in new[] { (Mode.Major, MajorProfile), (Mode.Minor, MinorProfile) })
            {
                double r = Correlation(chroma, i => profile[((i - key) % 12 + 12) % 12]);
                if (r > bestR)
                {
                    bestR = r;
                    best = (key, mode);
                }
            }
        }

        return best;
    }

    private static double Correlation(IReadOnlyList<double> x, Func<int, double> y)
    {
        double mx = x.Average(), my = Enumerable.Range(0, 12).Average(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < 12; i++)
        {
            double dx = x[i] - mx, dy = y(i) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NegativeInfinity;
    }
}
