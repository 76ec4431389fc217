using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Classification;

/// <summary>
/// Trains one hyperparameter setting. <paramref name="previous"/> is the model of the preceding candidate
/// of the same grid on the same training data (null for the first); a trainer may warm-start from it.
/// </summary>
public delegate IClassifier TrainClassifier(double[][] x, int[] y, int classCount, IClassifier? previous);

/// <summary>One point of a hyperparameter grid.</summary>
/// <param name="Description">Human-readable setting, e.g. "C=0.1".</param>
/// <param name="Train">Trains the setting on standardized rows.</param>
public sealed record ClassifierCandidate(string Description, TrainClassifier Train);

/// <summary>Results of leave-one-fold-out evaluation with inner grid search.</summary>
/// <param name="Model">Model family name.</param>
/// <param name="Folds">Outer fold ids, in order.</param>
/// <param name="FoldAccuracy">Held-out accuracy per outer fold.</param>
/// <param name="ChosenSetting">Grid candidate chosen by the inner search per outer fold.</param>
/// <param name="InnerAccuracy">Per outer fold, mean inner held-out accuracy of each grid candidate.</param>
/// <param name="Predictions">Out-of-fold prediction per input row.</param>
/// <param name="Report">Pooled out-of-fold metrics (macro-F1, per-class precision/recall, confusion matrix).</param>
public sealed record CrossValidationResult(
    string Model,
    int[] Folds,
    double[] FoldAccuracy,
    string[] ChosenSetting,
    double[][] InnerAccuracy,
    int[] Predictions,
    ClassificationReport Report)
{
    /// <summary>Mean of <see cref="FoldAccuracy"/>.</summary>
    public double MeanAccuracy
    {
        get
        {
            double sum = 0;
            foreach (double a in FoldAccuracy)
            {
                sum += a;
            }

            return sum / FoldAccuracy.Length;
        }
    }

    /// <summary>Population standard deviation (ddof = 0, as numpy's std) of <see cref="FoldAccuracy"/>.</summary>
    public double StdAccuracy
    {
        get
        {
            double mean = MeanAccuracy;
            double sum = 0;
            foreach (double a in FoldAccuracy)
            {
                sum += (a - mean) * (a - mean);
            }

            return Math.Sqrt(sum / FoldAccuracy.Length);
        }
    }

    /// <summary>Macro-F1 of the pooled out-of-fold predictions.</summary>
    public double MacroF1 => Report.MacroF1;
}

/// <summary>
/// Leave-one-fold-out evaluation over given folds. For each outer fold, every grid candidate is scored by
/// inner leave-one-fold-out over the remaining (training) folds; the best mean inner accuracy wins (ties go to
/// the earlier candidate), is retrained on all training folds and tested on the held-out fold. Every fit
/// standardizes its features with a <see cref="StandardScaler"/> fitted on that fit's training rows only.
/// Independent (outer, inner) splits run in parallel; candidates within a split run in grid order so that a
/// trainer can warm-start from its predecessor.
/// </summary>
public static class CrossValidation
{
    /// <summary>Runs the evaluation. <paramref name="folds"/> gives each row's fold id (at least 2 distinct folds; 3 for a grid of more than one).</summary>
    public static CrossValidationResult Run(
        string model, double[][] x, int[] y, int[] folds, IReadOnlyList<ClassifierCandidate> grid, int? classCount = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        RowMath.ValidateMatrix(x, nameof(x));
        int classes = Math.Max(RowMath.ValidateLabels(y, x.Length, nameof(y)), classCount ?? 0);
        if (folds is null || folds.Length != x.Length)
        {
            throw new ArgumentException($"folds: {folds?.Length ?? 0} fold ids for {x.Length} rows.", nameof(folds));
        }

        if (grid.Count == 0)
        {
            throw new ArgumentException("grid: at least one candidate is needed.", nameof(grid));
        }

        int[] foldIds = folds.Distinct().Order().ToArray();
        int needed = grid.Count > 1 ? 3 : 2;
        if (foldIds.Length < needed)
        {
            throw new ArgumentException($"folds: {foldIds.Length} distinct folds; {needed} are needed for a grid of {grid.Count}.", nameof(folds));
        }

        var innerTasks = new List<(int Outer, int Inner)>();
        if (grid.Count > 1)
        {
            for (int o = 0; o < foldIds.Length; o++)
            {
                for (int i = 0; i < foldIds.Length; i++)
                {
                    if (i != o)
                    {
                        innerTasks.Add((o, i));
                    }
                }
            }
        }

        var innerScores = new double[innerTasks.Count][];
        Parallel.For(0, innerTasks.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
        {
            (int o, int i) = innerTasks[t];
            int[] train = Rows(folds, f => f != foldIds[o] && f != foldIds[i]);
            int[] test = Rows(folds, f => f == foldIds[i]);
            var scores = new double[grid.Count];
            IClassifier? previous = null;
            for (int g = 0; g < grid.Count; g++)
            {
                int[] predicted = FitPredict(grid[g], x, y, classes, train, test, previous, out previous);
                scores[g] = Accuracy(RowMath.Select(y, test), predicted);
            }

            innerScores[t] = scores;
        });

        var chosen = new int[foldIds.Length];
        var innerMean = new double[foldIds.Length][];
        for (int o = 0; o < foldIds.Length; o++)
        {
            innerMean[o] = new double[grid.Count];
            int count = 0;
            for (int t = 0; t < innerTasks.Count; t++)
            {
                if (innerTasks[t].Outer == o)
                {
                    count++;
                    for (int g = 0; g < grid.Count; g++)
                    {
                        innerMean[o][g] += innerScores[t][g];
                    }
                }
            }

            for (int g = 0; g < grid.Count; g++)
            {
                innerMean[o][g] = count > 0 ? innerMean[o][g] / count : double.NaN;
                if (count > 0 && innerMean[o][g] > innerMean[o][chosen[o]])
                {
                    chosen[o] = g;
                }
            }
        }

        var predictions = new int[x.Length];
        var accuracy = new double[foldIds.Length];
        Parallel.For(0, foldIds.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, o =>
        {
            int[] train = Rows(folds, f => f != foldIds[o]);
            int[] test = Rows(folds, f => f == foldIds[o]);
            int[] predicted = FitPredict(grid[chosen[o]], x, y, classes, train, test, null, out _);
            for (int k = 0; k < test.Length; k++)
            {
                predictions[test[k]] = predicted[k];
            }

            accuracy[o] = Accuracy(RowMath.Select(y, test), predicted);
        });

        var settings = new string[foldIds.Length];
        for (int o = 0; o < foldIds.Length; o++)
        {
            settings[o] = grid[chosen[o]].Description;
        }

        return new CrossValidationResult(model, foldIds, accuracy, settings, innerMean, predictions,
            ClassificationReport.Create(y, predictions, classes));
    }

    /// <summary>Logistic regression grid over C, warm-started along the grid (scikit-learn's parameterization).</summary>
    public static IReadOnlyList<ClassifierCandidate> LogisticRegressionGrid(IEnumerable<double> cValues, int maxIterations = 2000, double gradientTolerance = 1e-6)
    {
        var grid = new List<ClassifierCandidate>();
        foreach (double c in cValues)
        {
            var options = new LogisticRegressionOptions { C = c, MaxIterations = maxIterations, GradientTolerance = gradientTolerance };
            grid.Add(new ClassifierCandidate(FormattableString.Invariant($"C={c}"), (x, y, k, previous) =>
                LogisticRegression.Fit(x, y, k, options,
                    previous is LogisticRegressionModel warm && warm.ClassCount == k && warm.Features == x[0].Length ? warm.Parameters : default)));
        }

        return grid;
    }

    /// <summary>Random-forest grid: every combination of minimum leaf size and features per split (null = sqrt).</summary>
    public static IReadOnlyList<ClassifierCandidate> RandomForestGrid(int trees, IEnumerable<int> minSamplesLeaf, IEnumerable<int?> maxFeatures, int seed = 0)
    {
        var grid = new List<ClassifierCandidate>();
        foreach (int leaf in minSamplesLeaf)
        {
            foreach (int? features in maxFeatures)
            {
                var options = new RandomForestOptions { Trees = trees, MinSamplesLeaf = leaf, MaxFeatures = features, Seed = seed };
                string name = FormattableString.Invariant($"trees={trees}, min_leaf={leaf}, max_features={(features is { } f ? f.ToString(System.Globalization.CultureInfo.InvariantCulture) : "sqrt")}");
                grid.Add(new ClassifierCandidate(name, (x, y, k, _) => RandomForest.Fit(x, y, k, options)));
            }
        }

        return grid;
    }

    /// <summary>RBF SVM grid: every combination of C and gamma factor, gamma = factor / features (scikit-learn's "scale" on standardized data is factor 1).</summary>
    public static IReadOnlyList<ClassifierCandidate> KernelSvmGrid(IEnumerable<double> cValues, IEnumerable<double> gammaFactors)
    {
        var grid = new List<ClassifierCandidate>();
        foreach (double c in cValues)
        {
            foreach (double factor in gammaFactors)
            {
                string name = FormattableString.Invariant($"C={c}, gamma={factor}/features");
                grid.Add(new ClassifierCandidate(name, (x, y, k, _) =>
                    KernelSvm.Fit(x, y, k, new KernelSvmOptions { C = c, Gamma = factor / x[0].Length })));
            }
        }

        return grid;
    }

    private static int[] FitPredict(
        ClassifierCandidate candidate, double[][] x, int[] y, int classes, int[] train, int[] test, IClassifier? previous, out IClassifier fitted)
    {
        var scaler = new StandardScaler().Fit(RowMath.Select(x, train));
        double[][] xTrain = scaler.Transform(RowMath.Select(x, train));
        double[][] xTest = scaler.Transform(RowMath.Select(x, test));
        fitted = candidate.Train(xTrain, RowMath.Select(y, train), classes, previous);
        return fitted.Predict(xTest);
    }

    private static int[] Rows(int[] folds, Func<int, bool> keep)
    {
        var rows = new List<int>();
        for (int i = 0; i < folds.Length; i++)
        {
            if (keep(folds[i]))
            {
                rows.Add(i);
            }
        }

        return rows.ToArray();
    }

    private static double Accuracy(int[] truth, int[] predicted)
    {
        int correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        return truth.Length > 0 ? (double)correct / truth.Length : 0;
    }
}
