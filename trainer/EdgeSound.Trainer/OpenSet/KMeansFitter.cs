using EdgeSound.Inference;
using EdgeSound.Learning.Clustering;

namespace EdgeSound.Trainer.OpenSet;

/// <summary>
/// Fits the clusters of <see cref="KMeansAnomaly"/> on training windows: each window's band means and standard deviations
/// (<see cref="KMeansAnomaly.Features"/>) are standardised by their mean and population standard deviation over the
/// windows, clustered by <see cref="KMeans"/> (k-means++, <see cref="Restarts"/> starts, seed 0), and each cluster's spread
/// is the root-mean-square distance of its windows to its centre.
/// </summary>
public static class KMeansFitter
{
    /// <summary>k-means++ starts; the lowest inertia wins.</summary>
    public const int Restarts = 3;

    /// <summary>Floor of a feature's standard deviation and of a cluster's spread (a constant feature or a one-window cluster).</summary>
    public const float MinimumSpread = 1e-3f;

    /// <param name="windows">Int8 input windows (frames x bands, frame after frame).</param>
    /// <param name="bands">Log-mel bands per frame.</param>
    /// <param name="clusters">K, at least 1 and at most the number of windows.</param>
    /// <exception cref="ArgumentException">Fewer windows than clusters, or a window that is not whole frames of <paramref name="bands"/>.</exception>
    public static KMeansAnomaly Fit(IReadOnlyList<sbyte[]> windows, int bands, int clusters)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        if (windows.Count < clusters)
        {
            throw new ArgumentException($"{windows.Count} calibration windows cannot form {clusters} clusters");
        }

        int d = 2 * bands;
        var raw = new float[windows.Count][];
        for (int i = 0; i < windows.Count; i++)
        {
            raw[i] = new float[d];
            KMeansAnomaly.Features(windows[i], bands, raw[i]);
        }

        var mean = new float[d];
        var scale = new float[d];
        for (int j = 0; j < d; j++)
        {
            double m = raw.Average(r => (double)r[j]);
            double variance = raw.Average(r => (r[j] - m) * (r[j] - m));
            mean[j] = (float)m;
            scale[j] = Math.Max((float)Math.Sqrt(variance), MinimumSpread);
        }

        double[][] x = [.. raw.Select(r => r.Select((v, j) => (double)((v - mean[j]) / scale[j])).ToArray())];
        KMeansResult fit = new KMeans(new KMeansOptions { Clusters = clusters, Restarts = Restarts, Seed = 0 }).Fit(x);
        var squares = new double[clusters];
        var counts = new int[clusters];
        for (int i = 0; i < x.Length; i++)
        {
            int c = fit.Labels[i];
            squares[c] += x[i].Select((v, j) => (v - fit.Centroids[c][j]) * (v - fit.Centroids[c][j])).Sum();
            counts[c]++;
        }

        float[] spreads = [.. squares.Select((s, c) => Math.Max(counts[c] == 0 ? 0 : (float)Math.Sqrt(s / counts[c]), MinimumSpread))];
        return new KMeansAnomaly(bands, mean, scale, [.. fit.Centroids.Select(c => c.Select(v => (float)v).ToArray())], spreads);
    }
}
