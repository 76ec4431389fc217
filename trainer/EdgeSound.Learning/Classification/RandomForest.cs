using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Classification;

/// <summary>Parameters of <see cref="RandomForest"/>.</summary>
public sealed record RandomForestOptions
{
    /// <summary>Number of trees.</summary>
    public int Trees { get; init; } = 200;

    /// <summary>Maximum depth (root = 0); null: grow until leaves are pure or too small.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Fewest training samples in a leaf.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Features examined per split; null: round(sqrt(features)).</summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Train each tree on a bootstrap sample (n draws with replacement).</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Random seed; tree t uses seed Seed + t, so results do not depend on thread scheduling.</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (Trees < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Trees), Trees, "RandomForestOptions.Trees must be >= 1.");
        }

        if (MaxDepth is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "RandomForestOptions.MaxDepth must be >= 0.");
        }

        if (MinSamplesLeaf < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSamplesLeaf), MinSamplesLeaf, "RandomForestOptions.MinSamplesLeaf must be >= 1.");
        }

        if (MaxFeatures is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFeatures), MaxFeatures, "RandomForestOptions.MaxFeatures must be >= 1.");
        }
    }
}

/// <summary>
/// A fitted random forest: CART trees (gini impurity) grown on bootstrap samples with a random subset of
/// features per split; prediction averages the trees' leaf class distributions (as scikit-learn).
/// </summary>
public sealed class RandomForestModel : IClassifier
{
    private readonly DecisionTree[] _trees;

    internal RandomForestModel(DecisionTree[] trees, int classes, int features, double[] importances)
    {
        _trees = trees;
        ClassCount = classes;
        Features = features;
        FeatureImportances = importances;
    }

    /// <inheritdoc />
    public int ClassCount { get; }

    /// <summary>Number of input features.</summary>
    public int Features { get; }

    /// <summary>
    /// Mean decrease in impurity per feature: each tree's weighted gini decreases summed per feature and
    /// normalized to 1, then averaged over trees and normalized again (scikit-learn's definition).
    /// </summary>
    public IReadOnlyList<double> FeatureImportances { get; }

    /// <summary>Averaged class distributions for each row.</summary>
    public double[][] PredictProbabilities(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        if (d != Features)
        {
            throw new ArgumentException($"x: {d} columns, the forest was trained on {Features}.", nameof(x));
        }

        var result = new double[x.Length][];
        Parallel.For(0, x.Length, i =>
        {
            var p = new double[ClassCount];
            foreach (DecisionTree tree in _trees)
            {
                ReadOnlySpan<double> leaf = tree.Leaf(x[i]);
                for (int c = 0; c < ClassCount; c++)
                {
                    p[c] += leaf[c];
                }
            }

            for (int c = 0; c < ClassCount; c++)
            {
                p[c] /= _trees.Length;
            }

            result[i] = p;
        });
        return result;
    }

    /// <inheritdoc />
    public int[] Predict(double[][] x)
    {
        double[][] p = PredictProbabilities(x);
        var labels = new int[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            labels[i] = RowMath.ArgMax<double>(p[i]);
        }

        return labels;
    }
}

/// <summary>Random forest training (trees grown in parallel).</summary>
public static class RandomForest
{
    /// <summary>Grows the forest on rows <paramref name="x"/> with labels <paramref name="y"/> in 0..classCount-1.</summary>
    public static RandomForestModel Fit(double[][] x, int[] y, int classCount, RandomForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int d = RowMath.ValidateTrainingSet(x, y, classCount);

        int maxFeatures = Math.Min(d, options.MaxFeatures ?? Math.Max(1, (int)Math.Round(Math.Sqrt(d))));
        var trees = new DecisionTree[options.Trees];
        var importances = new double[options.Trees][];
        Parallel.For(0, options.Trees, t =>
        {
            var random = new Random(options.Seed + t);
            int n = x.Length;
            var sample = new int[n];
            for (int i = 0; i < n; i++)
            {
                sample[i] = options.Bootstrap ? random.Next(n) : i;
            }

            var importance = new double[d];
            trees[t] = DecisionTree.Grow(x, y, classCount, sample, maxFeatures, options.MaxDepth ?? int.MaxValue,
                options.MinSamplesLeaf, random, importance);
            Normalize(importance);
            importances[t] = importance;
        });

        var mean = new double[d];
        foreach (double[] importance in importances)
        {
            RowMath.AddScaled(mean, 1.0, importance);
        }

        Normalize(mean);
        return new RandomForestModel(trees, classCount, d, mean);
    }

    private static void Normalize(double[] v)
    {
        double sum = 0;
        foreach (double e in v)
        {
            sum += e;
        }

        if (sum > 0)
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] /= sum;
            }
        }
    }
}

/// <summary>One CART classification tree stored as flat arrays.</summary>
internal sealed class DecisionTree
{
    private readonly List<int> _feature = [];
    private readonly List<double> _threshold = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<int> _leafOffset = [];
    private readonly List<double> _leafValues = [];
    private readonly int _classes;
    private double[] _values = [];

    private DecisionTree(int classes) => _classes = classes;

    /// <summary>Class distribution of the leaf <paramref name="row"/> falls into.</summary>
    public ReadOnlySpan<double> Leaf(double[] row)
    {
        int node = 0;
        while (_feature[node] >= 0)
        {
            node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        }

        return _values.AsSpan(_leafOffset[node], _classes);
    }

    public static DecisionTree Grow(
        double[][] x, int[] y, int classes, int[] sample, int maxFeatures, int maxDepth, int minLeaf, Random random, double[] importance)
    {
        var tree = new DecisionTree(classes);
        var builder = new Builder(x, y, classes, maxFeatures, maxDepth, minLeaf, random, importance, tree, sample.Length);
        builder.Split(sample, 0, sample.Length, 0);
        tree._values = tree._leafValues.ToArray();
        return tree;
    }

    private sealed class Builder(
        double[][] x, int[] y, int classes, int maxFeatures, int maxDepth, int minLeaf, Random random, double[] importance,
        DecisionTree tree, int total)
    {
        private readonly int[] _counts = new int[classes];
        private readonly int[] _leftCounts = new int[classes];
        private readonly int[] _featureOrder = Enumerable.Range(0, x[0].Length).ToArray();
        private double[] _keys = new double[total];

        public int Split(int[] sample, int start, int end, int depth)
        {
            int node = tree._feature.Count;
            tree._feature.Add(-1);
            tree._threshold.Add(0);
            tree._left.Add(-1);
            tree._right.Add(-1);
            tree._leafOffset.Add(-1);
            int n = end - start;
            Array.Clear(_counts);
            for (int i = start; i < end; i++)
            {
                _counts[y[sample[i]]]++;
            }

            double sumSquares = 0;
            int present = 0;
            foreach (int c in _counts)
            {
                sumSquares += (double)c * c;
                present += c > 0 ? 1 : 0;
            }

            double gini = 1 - sumSquares / ((double)n * n);
            if (present <= 1 || depth >= maxDepth || n < 2 * minLeaf)
            {
                MakeLeaf(node);
                return node;
            }

            int bestFeature = -1;
            double bestThreshold = 0;
            double bestScore = double.NegativeInfinity;
            int[] parentCounts = (int[])_counts.Clone();
            int examined = 0;
            int d = _featureOrder.Length;
            for (int f = 0; f < d && examined < maxFeatures; f++)
            {
                int swap = f + random.Next(d - f);
                (_featureOrder[f], _featureOrder[swap]) = (_featureOrder[swap], _featureOrder[f]);
                int feature = _featureOrder[f];
                Span<double> keys = _keys.AsSpan(0, n);
                for (int i = 0; i < n; i++)
                {
                    keys[i] = x[sample[start + i]][feature];
                }

                keys.Sort(sample.AsSpan(start, n));
                if (keys[0] == keys[n - 1])
                {
                    continue;
                }

                examined++;
                Array.Clear(_leftCounts);
                double leftSquares = 0;
                double rightSquares = sumSquares;
                for (int i = 0; i < n - 1; i++)
                {
                    int label = y[sample[start + i]];
                    int lc = _leftCounts[label];
                    int rc = parentCounts[label] - lc;
                    leftSquares += 2.0 * lc + 1;
                    rightSquares -= 2.0 * rc - 1;
                    _leftCounts[label] = lc + 1;
                    int nLeft = i + 1;
                    int nRight = n - nLeft;
                    if (keys[i] == keys[i + 1] || nLeft < minLeaf || nRight < minLeaf)
                    {
                        continue;
                    }

                    // Maximizing this is minimizing the weighted child gini impurity.
                    double score = leftSquares / nLeft + rightSquares / nRight;
                    if (score > bestScore)
                    {
                        bestScore = score;
                        bestFeature = feature;
                        bestThreshold = 0.5 * (keys[i] + keys[i + 1]);
                        if (bestThreshold >= keys[i + 1])
                        {
                            bestThreshold = keys[i];
                        }
                    }
                }
            }

            if (bestFeature < 0)
            {
                MakeLeaf(node);
                return node;
            }

            int middle = start;
            for (int i = start; i < end; i++)
            {
                if (x[sample[i]][bestFeature] <= bestThreshold)
                {
                    (sample[middle], sample[i]) = (sample[i], sample[middle]);
                    middle++;
                }
            }

            double childImpurity = n - bestScore;
            importance[bestFeature] += (n * gini - childImpurity) / total;
            tree._feature[node] = bestFeature;
            tree._threshold[node] = bestThreshold;
            int left = Split(sample, start, middle, depth + 1);
            int right = Split(sample, middle, end, depth + 1);
            tree._left[node] = left;
            tree._right[node] = right;
            return node;
        }

        private void MakeLeaf(int node)
        {
            tree._leafOffset[node] = tree._leafValues.Count;
            double n = 0;
            foreach (int c in _counts)
            {
                n += c;
            }

            foreach (int c in _counts)
            {
                tree._leafValues.Add(c / n);
            }
        }
    }
}
