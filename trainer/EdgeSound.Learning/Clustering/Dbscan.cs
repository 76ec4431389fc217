using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Clustering;

/// <summary>Parameters of <see cref="Dbscan"/>.</summary>
public sealed record DbscanOptions
{
    /// <summary>Neighbourhood radius (euclidean). Null: chosen from the k-distance knee, see <see cref="Dbscan.KneeEps"/>.</summary>
    public double? Eps { get; init; }

    /// <summary>Points (the point itself included, as scikit-learn's min_samples) an eps-neighbourhood needs for a core point.</summary>
    public int MinPoints { get; init; } = 5;

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (Eps is { } eps && !(eps > 0 && double.IsFinite(eps)))
        {
            throw new ArgumentOutOfRangeException(nameof(Eps), Eps, "DbscanOptions.Eps must be a positive finite number.");
        }

        if (MinPoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPoints), MinPoints, "DbscanOptions.MinPoints must be >= 1.");
        }
    }
}

/// <summary>DBSCAN labels (noise = -1), the radius used and which points are core points.</summary>
public sealed record DbscanResult(int[] Labels, double Eps, bool[] IsCore)
{
    /// <summary>Number of clusters found (noise excluded).</summary>
    public int ClusterCount
    {
        get
        {
            int max = -1;
            foreach (int label in Labels)
            {
                max = Math.Max(max, label);
            }

            return max + 1;
        }
    }
}

/// <summary>Density-based clustering (Ester et al. 1996) on euclidean distances; O(n^2) time and memory.</summary>
public sealed class Dbscan
{
    private readonly DbscanOptions _options;

    /// <summary>Creates the clusterer; options are validated here.</summary>
    public Dbscan(DbscanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Clusters the rows of <paramref name="x"/>. Border points join the first cluster (in row order) that reaches them.</summary>
    public DbscanResult Fit(double[][] x)
    {
        RowMath.ValidateMatrix(x, nameof(x));
        double[][] distances = RowMath.PairwiseDistances(x);
        double eps = _options.Eps ?? KneeFromDistances(distances, _options.MinPoints);
        int n = x.Length;
        var neighbours = new List<int>[n];
        var isCore = new bool[n];
        Parallel.For(0, n, i =>
        {
            var list = new List<int>();
            double[] row = distances[i];
            for (int j = 0; j < n; j++)
            {
                if (row[j] <= eps)
                {
                    list.Add(j);
                }
            }

            neighbours[i] = list;
            isCore[i] = list.Count >= _options.MinPoints;
        });

        var labels = new int[n];
        Array.Fill(labels, -1);
        int cluster = 0;
        var queue = new Queue<int>();
        for (int i = 0; i < n; i++)
        {
            if (labels[i] != -1 || !isCore[i])
            {
                continue;
            }

            labels[i] = cluster;
            queue.Enqueue(i);
            while (queue.Count > 0)
            {
                int p = queue.Dequeue();
                foreach (int q in neighbours[p])
                {
                    if (labels[q] != -1)
                    {
                        continue;
                    }

                    labels[q] = cluster;
                    if (isCore[q])
                    {
                        queue.Enqueue(q);
                    }
                }
            }

            cluster++;
        }

        return new DbscanResult(labels, eps, isCore);
    }

    /// <summary>
    /// Knee of the sorted k-distance curve, the eps used when none is given. k-distance of a point is the
    /// distance to its MinPoints-th nearest point counting itself (so a point is core exactly when its
    /// k-distance is at most eps). The k-distances are sorted ascending and both axes scaled to [0, 1]
    /// (rank / (n - 1) and (d - min) / (max - min)); the knee is the point farthest below the straight line
    /// from the first to the last point, i.e. the argmax of rank - d (Kneedle's rule for a convex rising curve).
    /// </summary>
    public static double KneeEps(double[][] x, int minPoints) => KneeFromDistances(RowMath.PairwiseDistances(CheckRows(x)), minPoints);

    private static double[][] CheckRows(double[][] x)
    {
        RowMath.ValidateMatrix(x, nameof(x));
        return x;
    }

    private static double KneeFromDistances(double[][] distances, int minPoints)
    {
        int n = distances.Length;
        int k = Math.Min(minPoints, n) - 1;
        var kDistance = new double[n];
        Parallel.For(0, n, i =>
        {
            var row = (double[])distances[i].Clone();
            Array.Sort(row);
            kDistance[i] = row[k];
        });
        Array.Sort(kDistance);
        double min = kDistance[0];
        double range = kDistance[^1] - min;
        if (range <= 0 || n < 3)
        {
            return Math.Max(kDistance[^1], 1e-12);
        }

        int knee = 0;
        double best = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double gap = (double)i / (n - 1) - (kDistance[i] - min) / range;
            if (gap > best)
            {
                best = gap;
                knee = i;
            }
        }

        return Math.Max(kDistance[knee], 1e-12);
    }
}
