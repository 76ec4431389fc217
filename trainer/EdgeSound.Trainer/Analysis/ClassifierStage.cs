using System.Diagnostics;
using System.Globalization;
using EdgeSound.Learning.Classification;
using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Trainer.Analysis;

/// <summary>Hyper-parameter grids searched by inner leave-one-fold-out for each classifier.</summary>
public sealed record ClassifierOptions
{
    public IReadOnlyList<double> LogisticC { get; init; } = [0.01, 0.03, 0.1, 0.3, 1];

    public int ForestTrees { get; init; } = 200;

    public IReadOnlyList<int> ForestMinLeaf { get; init; } = [1, 3];

    public IReadOnlyList<double> SvmC { get; init; } = [3, 10, 30];

    /// <summary>gamma = factor / features (factor 1 is scikit-learn's "scale" on standardized data).</summary>
    public IReadOnlyList<double> SvmGammaFactor { get; init; } = [0.25, 0.5, 1];

    public int Seed { get; init; } = 1;

    public int TopFeatures { get; init; } = 40;
}

/// <summary>Leave-one-fold-out evaluation of logistic regression, random forest and RBF SVM, each timed as a stage.</summary>
public static class ClassifierStage
{
    public sealed record Result(ClassifierSummary Logreg, ClassifierSummary Forest, ClassifierSummary Svm);

    public static Result Run(ClipFeatures data, ClassifierOptions options, StageTimer timer)
    {
        int[] folds = data.Folds.ToArray();
        var logreg = Evaluate("logreg", data, folds, CrossValidation.LogisticRegressionGrid(options.LogisticC), timer);
        var forestGrid = CrossValidation.RandomForestGrid(options.ForestTrees, options.ForestMinLeaf, [null], options.Seed);
        var forest = Evaluate("forest", data, folds, forestGrid, timer);
        forest = forest with { TopFeatures = timer.Run("forest_importances", () => Importances(data, forest, options)) };
        var svm = Evaluate("svm", data, folds, CrossValidation.KernelSvmGrid(options.SvmC, options.SvmGammaFactor), timer);
        return new Result(logreg, forest, svm);
    }

    private static ClassifierSummary Evaluate(string name, ClipFeatures data, int[] folds, IReadOnlyList<ClassifierCandidate> grid, StageTimer timer)
    {
        if (grid.Count > 1 && data.FoldsPresent.Count < 3)
        {
            // An inner search needs a second fold besides the held-out one in every training split.
            grid = [grid[grid.Count / 2]];
            timer.Log.WriteLine($"  {name}: only {data.FoldsPresent.Count} folds, no inner grid search; using {grid[0].Description}");
        }
        var clock = Stopwatch.StartNew();
        var cv = timer.Run(name, () => CrossValidation.Run(name, data.Rows, data.ClassOf, folds, grid, data.Classes));
        double seconds = clock.Elapsed.TotalSeconds;
        var report = cv.Report;
        var perClass = new Dictionary<string, ClassScore>();
        for (int c = 0; c < data.Classes; c++)
            perClass[data.ClassNames[c]] = new ClassScore(report.Precision[c], report.Recall[c], report.F1[c], report.Support[c]);
        timer.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: accuracy {cv.MeanAccuracy:P1} +- {cv.StdAccuracy:P1}, macro F1 {cv.MacroF1:0.000}, folds [{string.Join(" ", cv.FoldAccuracy.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture)))}], chosen [{string.Join("; ", cv.ChosenSetting)}]"));
        return new ClassifierSummary
        {
            CvAccuracy = cv.MeanAccuracy,
            CvStd = cv.StdAccuracy,
            MacroF1 = cv.MacroF1,
            Folds = cv.Folds,
            FoldAccuracy = cv.FoldAccuracy,
            Seconds = seconds,
            Chosen = cv.ChosenSetting.Select(ParseSetting).ToArray(),
            PerClass = perClass,
            Confusion = report.Confusion,
        };
    }

    /// <summary>Refits the forest on all clips with the setting chosen most often and ranks its impurity importances.</summary>
    private static IReadOnlyList<FeatureImportance> Importances(ClipFeatures data, ClassifierSummary forest, ClassifierOptions options)
    {
        int minLeaf = forest.Chosen
            .Select(c => c.TryGetValue("min_leaf", out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : options.ForestMinLeaf[0])
            .GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var x = new StandardScaler().FitTransform(data.Rows);
        var model = RandomForest.Fit(x, data.ClassOf, data.Classes,
            new RandomForestOptions { Trees = options.ForestTrees, MinSamplesLeaf = minLeaf, Seed = options.Seed });
        var importances = model.FeatureImportances;
        return Enumerable.Range(0, importances.Count)
            .OrderByDescending(i => importances[i]).ThenBy(i => i)
            .Take(options.TopFeatures)
            .Select(i => new FeatureImportance(data.FeatureNames[i], importances[i]))
            .ToArray();
    }

    /// <summary>"C=0.1, gamma=0.5/features" -> {C: 0.1, gamma: 0.5/features}.</summary>
    internal static IReadOnlyDictionary<string, string> ParseSetting(string description)
    {
        var d = new Dictionary<string, string>();
        foreach (var part in description.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) d[part[..eq]] = part[(eq + 1)..];
            else d["setting"] = part;
        }
        return d;
    }
}
