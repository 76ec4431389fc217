using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Clustering;

/// <summary>Parameters of <see cref="KMeans"/>.</summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters k.</summary>
    public int Clusters { get; init; } = 8;

    /// <summary>Independent k-means++ starts; the run with the lowest inertia wins.</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>Maximum Lloyd iterations per start.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Stop when the summed squared centroid shift is below Tolerance times the mean column variance (scikit-learn's rule).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Random seed; equal seeds give equal results.</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        OptionChecks.AtLeast(Clusters, 1, nameof(KMeansOptions));
        OptionChecks.AtLeast(Restarts, 1, nameof(KMeansOptions));
        OptionChecks.AtLeast(MaxIterations, 1, nameof(KMeansOptions));
        OptionChecks.NotNegative(Tolerance, nameof(KMeansOptions));
    }
}

/// <summary>Outcome of one k-means fit (the best of the restarts).</summary>
/// <param name="Labels">Cluster index 0..k-1 per row.</param>
/// <param name="Centroids">k centroids.</param>
/// <param name="Inertia">Sum of squared distances of rows to their centroid.</param>
/// <param name="InertiaHistory">Inertia after each assignment step of the winning start (non-increasing).</param>
public sealed record KMeansResult(int[] Labels, double[][] Centroids, double Inertia, IReadOnlyList<double> InertiaHistory);

/// <summary>Lloyd's k-means with greedy k-means++ seeding and several restarts.</summary>
public sealed class KMeans
{
    private readonly KMeansOptions _options;

    /// <summary>Creates the clusterer; options are validated here.</summary>
    public KMeans(KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Clusters the rows of <paramref name="x"/>.</summary>
    public KMeansResult Fit(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        int k = _options.Clusters;
        if (k > x.Length)
        {
            throw new ArgumentException($"x: {x.Length} rows cannot form {k} clusters (KMeansOptions.Clusters).", nameof(x));
        }

        double threshold = _options.Tolerance * MeanVariance(x, d);
        return BestOfRestarts(x, k, _options.Restarts, _options.Seed, seeds => Lloyd(x, seeds, threshold), run => run.Inertia);
    }

    /// <summary>Index of the nearest centroid for each row.</summary>
    public static int[] Predict(double[][] centroids, double[][] x)
    {
        var labels = new int[x.Length];
        Parallel.For(0, x.Length, i => labels[i] = Nearest(centroids, x[i], out _));
        return labels;
    }

    /// <summary>
    /// Runs <paramref name="restarts"/> fits, each from its own k-means++ seeds (all drawn in turn from one
    /// <see cref="Random"/> of <paramref name="seed"/>), and keeps the one with the lowest cost (the first on ties).
    /// </summary>
    internal static T BestOfRestarts<T>(double[][] x, int k, int restarts, int seed, Func<double[][], T> fit, Func<T, double> cost)
    {
        var random = new Random(seed);
        T best = fit(PlusPlusSeeds(x, k, random));
        double bestCost = cost(best);
        for (int r = 1; r < restarts; r++)
        {
            T run = fit(PlusPlusSeeds(x, k, random));
            double runCost = cost(run);
            if (runCost < bestCost)
            {
                best = run;
                bestCost = runCost;
            }
        }

        return best;
    }

    /// <summary>
    /// Greedy k-means++ (as scikit-learn): each new centre is the best of 2 + ln(k) candidates drawn with
    /// probability proportional to squared distance to the nearest chosen centre.
    /// </summary>
    internal static double[][] PlusPlusSeeds(double[][] x, int k, Random random)
    {
        int n = x.Length;
        int trials = 2 + (int)Math.Log(k);
        var centres = new double[k][];
        centres[0] = (double[])x[random.Next(n)].Clone();
        var closest = new double[n];
        for (int i = 0; i < n; i++)
        {
            closest[i] = RowMath.SquaredDistance(x[i], centres[0]);
        }

        var candidateDistances = new double[n];
        var bestDistances = new double[n];
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            foreach (double v in closest)
            {
                total += v;
            }

            int bestCandidate = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                int candidate = total > 0 ? SampleProportional(closest, total, random) : random.Next(n);
                double potential = 0;
                for (int i = 0; i < n; i++)
                {
                    candidateDistances[i] = Math.Min(closest[i], RowMath.SquaredDistance(x[i], x[candidate]));
                    potential += candidateDistances[i];
                }

                if (potential < bestPotential)
                {
                    bestPotential = potential;
                    bestCandidate = candidate;
                    Array.Copy(candidateDistances, bestDistances, n);
                }
            }

            centres[c] = (double[])x[bestCandidate].Clone();
            Array.Copy(bestDistances, closest, n);
        }

        return centres;
    }

    internal static int Nearest(double[][] centroids, double[] row, out double squaredDistance)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < centroids.Length; c++)
        {
            double dist = RowMath.SquaredDistance(row, centroids[c]);
            if (dist < bestDistance)
            {
                bestDistance = dist;
                best = c;
            }
        }

        squaredDistance = bestDistance;
        return best;
    }

    private KMeansResult Lloyd(double[][] x, double[][] centroids, double threshold)
    {
        int n = x.Length;
        int k = centroids.Length;
        int d = x[0].Length;
        var labels = new int[n];
        var distances = new double[n];
        var history = new List<double>();
        var sums = new double[k][];
        for (int c = 0; c < k; c++)
        {
            sums[c] = new double[d];
        }

        var counts = new int[k];
        for (int iteration = 0; iteration < _options.MaxIterations; iteration++)
        {
            Parallel.For(0, n, i => labels[i] = Nearest(centroids, x[i], out distances[i]));
            double inertia = 0;
            foreach (double v in distances)
            {
                inertia += v;
            }

            history.Add(inertia);
            Array.Clear(counts);
            foreach (double[] s in sums)
            {
                Array.Clear(s);
            }

            for (int i = 0; i < n; i++)
            {
                counts[labels[i]]++;
                RowMath.AddScaled(sums[labels[i]], 1.0, x[i]);
            }

            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                double[] updated;
                if (counts[c] == 0)
                {
                    updated = (double[])x[FarthestPoint(distances, labels, counts)].Clone();
                }
                else
                {
                    updated = sums[c];
                    for (int j = 0; j < d; j++)
                    {
                        updated[j] /= counts[c];
                    }

                    sums[c] = new double[d];
                }

                shift += RowMath.SquaredDistance(updated, centroids[c]);
                centroids[c] = updated;
            }

            if (shift <= threshold)
            {
                break;
            }
        }

        double final = 0;
        for (int i = 0; i < n; i++)
        {
            labels[i] = Nearest(centroids, x[i], out double dist);
            final += dist;
        }

        if (final < history[^1])
        {
            history.Add(final);
        }

        return new KMeansResult(labels, centroids, history[^1], history);
    }

    private static int FarthestPoint(double[] distances, int[] labels, int[] counts)
    {
        int best = 0;
        for (int i = 1; i < distances.Length; i++)
        {
            if (counts[labels[i]] > 1 && distances[i] > distances[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int SampleProportional(double[] weights, double total, Random random)
    {
        double target = random.NextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative > target)
            {
                return i;
            }
        }

        for (int i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static double MeanVariance(double[][] x, int d)
    {
        double[] sums = RowMath.CenteredSumsOfSquares(x);
        double total = 0;
        for (int j = 0; j < d; j++)
        {
            total += sums[j] / x.Length;
        }

        return total / d;
    }
}
