using EdgeSound.Inference;

namespace EdgeSound.Trainer.OpenSet;

/// <summary>
/// Fits an <see cref="OpenSetRule"/> on the windows of a model's own training clips: each class's centroid is the mean
/// embedding (<see cref="OpenSetRule.Embed"/>) of the windows of its clips; each class's threshold is the
/// <c>quantile</c> of the novelty of the windows whose top class it is (the statistic the daemon tests), by linear
/// interpolation between order statistics (Hyndman and Fan 1996, definition 7). A class that no training window has as its
/// top class gets the quantile over all windows. Only windows at or above the level gate count (quieter ones are never
/// scored on the device). The kmeans method's clusters come from <see cref="KMeansFitter"/> on the same windows.
/// </summary>
public static class OpenSetCalibrator
{
    /// <summary>Smallest threshold written: a class whose training windows all sit on its centroid (or all score 1) still
    /// needs a positive threshold.</summary>
    public const double MinimumThreshold = 1e-4;

    /// <summary>Fits the rule. Throws <see cref="ArgumentException"/> naming the class when a label has no loud window.</summary>
    /// <param name="labels">The model's labels, index = class.</param>
    /// <param name="clips">Training clips, each labelled with one of <paramref name="labels"/>.</param>
    /// <param name="method">Novelty measure.</param>
    /// <param name="quantile">In (0, 1]: the share of training windows of each top class that stay known.</param>
    /// <param name="gateDbfs">Windows below this level (dBFS) are left out.</param>
    /// <param name="clusters">K of the kmeans method (ignored by the others).</param>
    /// <param name="bands">Log-mel bands per frame of the windows (read by the kmeans method only).</param>
    public static OpenSetRule Fit(IReadOnlyList<string> labels, IReadOnlyList<ScoredClip> clips, OpenSetMethod method, double quantile, double gateDbfs, int clusters = 0, int bands = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(clips);
        int k = labels.Count;
        var sums = new double[k][];
        var counts = new int[k];
        var embedding = new float[k];
        for (int c = 0; c < k; c++)
        {
            sums[c] = new double[k];
        }

        foreach (ScoredClip clip in clips)
        {
            int truth = IndexOf(labels, clip.Label);
            foreach (ScoredWindow w in Loud(clip, gateDbfs))
            {
                OpenSetRule.Embed(w.Scores, embedding);
                for (int i = 0; i < k; i++)
                {
                    sums[truth][i] += embedding[i];
                }

                counts[truth]++;
            }
        }

        float[][] centroids = new float[k][];
        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 0)
            {
                throw new ArgumentException($"no window of class '{labels[c]}' at or above {gateDbfs} dBFS in the calibration data");
            }

            centroids[c] = [.. sums[c].Select(v => (float)(v / counts[c]))];
        }

        // Thresholds of 1 are placeholders: Novelty does not read them.
        KMeansAnomaly? kmeans = method == OpenSetMethod.KMeans
            ? KMeansFitter.Fit([.. clips.SelectMany(c => Loud(c, gateDbfs)).Select(w => w.Window)], bands, clusters)
            : null;
        var probe = new OpenSetRule(method, labels, Enumerable.Repeat(1.0, k).ToArray(), centroids, quantile, kmeans);
        var byTop = new List<double>[k];
        for (int c = 0; c < k; c++)
        {
            byTop[c] = [];
        }

        var all = new List<double>();
        foreach (ScoredClip clip in clips)
        {
            foreach (ScoredWindow w in Loud(clip, gateDbfs))
            {
                double novelty = probe.Novelty(w.Scores, w.Window, out int top);
                byTop[top].Add(novelty);
                all.Add(novelty);
            }
        }

        double global = Quantile(all, quantile);
        var thresholds = new double[k];
        for (int c = 0; c < k; c++)
        {
            thresholds[c] = Math.Max(byTop[c].Count > 0 ? Quantile(byTop[c], quantile) : global, MinimumThreshold);
        }

        return new OpenSetRule(method, labels, thresholds, method == OpenSetMethod.CentroidDistance ? centroids : null, quantile, kmeans);
    }

    /// <summary>The windows of <paramref name="clip"/> at or above <paramref name="gateDbfs"/>.</summary>
    public static IEnumerable<ScoredWindow> Loud(ScoredClip clip, double gateDbfs) =>
        clip.Windows.Where(w => w.LevelDbfs >= gateDbfs);

    /// <summary>The <paramref name="q"/>-quantile of <paramref name="values"/> (definition 7: linear between order statistics).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values to take a quantile of", nameof(values));
        }

        double[] sorted = [.. values.Order()];
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int c = 0; c < labels.Count; c++)
        {
            if (labels[c] == label)
            {
                return c;
            }
        }

        throw new ArgumentException($"calibration clip label '{label}' is not one of the model's labels");
    }
}
