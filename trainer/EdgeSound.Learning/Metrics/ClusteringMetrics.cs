using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Metrics;

/// <summary>
/// Agreement between two labelings and internal cluster quality. Labels are arbitrary integers; in
/// <see cref="AdjustedRandIndex"/> and <see cref="NormalizedMutualInformation"/> the noise label -1 is treated as
/// one more cluster (as scikit-learn does).
/// </summary>
public static class ClusteringMetrics
{
    /// <summary>Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for random ones.</summary>
    public static double AdjustedRandIndex(int[] truth, int[] predicted)
    {
        long[,] table = Contingency(truth, predicted, out long[] rowSums, out long[] colSums);
        double sumCells = 0;
        foreach (long c in table)
        {
            sumCells += Choose2(c);
        }

        double sumRows = 0;
        foreach (long r in rowSums)
        {
            sumRows += Choose2(r);
        }

        double sumCols = 0;
        foreach (long c in colSums)
        {
            sumCols += Choose2(c);
        }

        double total = Choose2(truth.Length);
        double expected = sumRows * sumCols / total;
        double max = 0.5 * (sumRows + sumCols);
        if (max == expected)
        {
            return 1.0;
        }

        return (sumCells - expected) / (max - expected);
    }

    /// <summary>
    /// Normalized mutual information with arithmetic normalization: MI / ((H(truth) + H(predicted)) / 2)
    /// (scikit-learn's default). Two single-cluster labelings give 1.
    /// </summary>
    public static double NormalizedMutualInformation(int[] truth, int[] predicted)
    {
        long[,] table = Contingency(truth, predicted, out long[] rowSums, out long[] colSums);
        double n = truth.Length;
        double hTruth = Entropy(rowSums, n);
        double hPred = Entropy(colSums, n);
        if (rowSums.Length == 1 && colSums.Length == 1)
        {
            return 1.0;
        }

        double mi = 0;
        for (int i = 0; i < rowSums.Length; i++)
        {
            for (int j = 0; j < colSums.Length; j++)
            {
                long c = table[i, j];
                if (c > 0)
                {
                    mi += c / n * Math.Log(c * n / ((double)rowSums[i] * colSums[j]));
                }
            }
        }

        double denominator = 0.5 * (hTruth + hPred);
        return denominator <= 0 ? 0 : Math.Clamp(mi / denominator, 0, 1);
    }

    /// <summary>
    /// Mean silhouette coefficient with euclidean distance. Points labelled -1 (noise) are left out entirely:
    /// they neither receive a score nor count as neighbours. A point alone in its cluster scores 0 (as
    /// scikit-learn). Returns NaN when fewer than 2 clusters remain, since the silhouette is undefined then.
    /// </summary>
    public static double Silhouette(double[][] x, int[] labels)
    {
        RowMath.ValidateMatrix(x, nameof(x));
        if (labels.Length != x.Length)
        {
            throw new ArgumentException($"labels: {labels.Length} labels for {x.Length} rows.", nameof(labels));
        }

        var kept = new List<int>();
        var clusterIndex = new Dictionary<int, int>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == -1)
            {
                continue;
            }

            kept.Add(i);
            if (!clusterIndex.ContainsKey(labels[i]))
            {
                clusterIndex[labels[i]] = clusterIndex.Count;
            }
        }

        int k = clusterIndex.Count;
        if (k < 2)
        {
            return double.NaN;
        }

        var size = new int[k];
        var cluster = new int[kept.Count];
        for (int a = 0; a < kept.Count; a++)
        {
            cluster[a] = clusterIndex[labels[kept[a]]];
            size[cluster[a]]++;
        }

        var scores = new double[kept.Count];
        Parallel.For(0, kept.Count, () => new double[k], (a, _, sums) =>
        {
            Array.Clear(sums);
            double[] xa = x[kept[a]];
            for (int b = 0; b < kept.Count; b++)
            {
                if (b != a)
                {
                    sums[cluster[b]] += Math.Sqrt(RowMath.SquaredDistance(xa, x[kept[b]]));
                }
            }

            int own = cluster[a];
            if (size[own] == 1)
            {
                scores[a] = 0;
                return sums;
            }

            double within = sums[own] / (size[own] - 1);
            double nearest = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                if (c != own)
                {
                    nearest = Math.Min(nearest, sums[c] / size[c]);
                }
            }

            double denominator = Math.Max(within, nearest);
            scores[a] = denominator > 0 ? (nearest - within) / denominator : 0;
            return sums;
        }, _ => { });

        double total = 0;
        foreach (double s in scores)
        {
            total += s;
        }

        return total / scores.Length;
    }

    private static double Choose2(long n) => n * (n - 1) / 2.0;

    private static double Entropy(long[] counts, double n)
    {
        double h = 0;
        foreach (long c in counts)
        {
            if (c > 0)
            {
                double p = c / n;
                h -= p * Math.Log(p);
            }
        }

        return h;
    }

    private static long[,] Contingency(int[] truth, int[] predicted, out long[] rowSums, out long[] colSums)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"predicted: {predicted.Length} labels, truth has {truth.Length}.", nameof(predicted));
        }

        if (truth.Length < 2)
        {
            throw new ArgumentException("truth: at least 2 labels are needed.", nameof(truth));
        }

        int[] rows = Dense(truth, out int nRows);
        int[] cols = Dense(predicted, out int nCols);
        var table = new long[nRows, nCols];
        rowSums = new long[nRows];
        colSums = new long[nCols];
        for (int i = 0; i < rows.Length; i++)
        {
            table[rows[i], cols[i]]++;
            rowSums[rows[i]]++;
            colSums[cols[i]]++;
        }

        return table;
    }

    private static int[] Dense(int[] labels, out int count)
    {
        var map = new Dictionary<int, int>();
        var dense = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out int d))
            {
                d = map.Count;
                map[labels[i]] = d;
            }

            dense[i] = d;
        }

        count = map.Count;
        return dense;
    }
}
