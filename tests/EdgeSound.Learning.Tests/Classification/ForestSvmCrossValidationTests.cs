using EdgeSound.Learning.Classification;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Classification;

public sealed class ForestSvmCrossValidationTests
{
    /// <summary>Two informative features (a ring-shaped, not linearly separable rule) and four noise features.</summary>
    private static (double[][] X, int[] Y) Ring(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n][];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            double radius = i % 2 == 0 ? 1.0 : 3.0;
            double angle = random.NextDouble() * 2 * Math.PI;
            x[i] =
            [
                radius * Math.Cos(angle) + 0.2 * SyntheticData.Gaussian(random),
                radius * Math.Sin(angle) + 0.2 * SyntheticData.Gaussian(random),
                SyntheticData.Gaussian(random), SyntheticData.Gaussian(random),
                SyntheticData.Gaussian(random), SyntheticData.Gaussian(random),
            ];
            y[i] = i % 2;
        }

        return (x, y);
    }

    [Fact]
    public void ForestLearnsRingAndRanksInformativeFeaturesFirst()
    {
        var (x, y) = Ring(400, 1);
        var (testX, testY) = Ring(200, 2);
        RandomForestModel forest = RandomForest.Fit(x, y, 2, new RandomForestOptions { Trees = 100, Seed = 3 });
        int[] predicted = forest.Predict(testX);
        double accuracy = predicted.Zip(testY, (p, t) => p == t ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.95, $"forest accuracy {accuracy}");
        Assert.Equal(1.0, forest.FeatureImportances.Sum(), 10);
        double weakestInformative = Math.Min(forest.FeatureImportances[0], forest.FeatureImportances[1]);
        for (int j = 2; j < 6; j++)
        {
            Assert.True(weakestInformative > forest.FeatureImportances[j], $"noise feature {j} outranks an informative one");
        }

        Assert.Equal(predicted, RandomForest.Fit(x, y, 2, new RandomForestOptions { Trees = 100, Seed = 3 }).Predict(testX));
    }

    [Fact]
    public void ForestRespectsDepthLimit()
    {
        var (x, y) = Ring(200, 4);
        RandomForestModel stump = RandomForest.Fit(x, y, 2, new RandomForestOptions { Trees = 20, MaxDepth = 0 });
        Assert.Single(stump.Predict(x).Distinct());
    }

    [Fact]
    public void SvmLearnsRingThatNoLinearModelCan()
    {
        var (x, y) = Ring(300, 5);
        var (testX, testY) = Ring(200, 6);
        KernelSvmModel svm = KernelSvm.Fit(x, y, 2, new KernelSvmOptions { C = 10, Gamma = 0.5 });
        double accuracy = svm.Predict(testX).Zip(testY, (p, t) => p == t ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.95, $"svm accuracy {accuracy}");
        Assert.InRange(svm.SupportVectorCount, 3, 299);

        LogisticRegressionModel linear = LogisticRegression.Fit(x, y, 2, new LogisticRegressionOptions());
        double linearAccuracy = linear.Predict(testX).Zip(testY, (p, t) => p == t ? 1.0 : 0.0).Average();
        Assert.True(linearAccuracy < 0.8, $"linear accuracy {linearAccuracy}");
    }

    [Fact]
    public void SvmOneVsOneSeparatesSeveralClasses()
    {
        var (x, y) = SyntheticData.Classes(6, 30, 5, 6.0, 7);
        KernelSvmModel svm = KernelSvm.Fit(x, y, 6, new KernelSvmOptions { C = 1 });
        Assert.Equal(y, svm.Predict(x));
    }

    [Fact]
    public void CrossValidationReportsPerFoldAndPooledMetrics()
    {
        var (x, y) = SyntheticData.Classes(4, 40, 6, 2.0, 8);
        int[] folds = Enumerable.Range(0, x.Length).Select(i => 1 + i % 4).ToArray();
        IReadOnlyList<ClassifierCandidate> grid = CrossValidation.LogisticRegressionGrid([0.01, 0.1, 1, 10]);
        CrossValidationResult result = CrossValidation.Run("logreg", x, y, folds, grid);
        Assert.Equal([1, 2, 3, 4], result.Folds);
        Assert.Equal(4, result.FoldAccuracy.Length);
        Assert.All(result.ChosenSetting, s => Assert.Contains(s, grid.Select(g => g.Description)));
        Assert.Equal(x.Length, result.Report.Count);
        double pooled = result.Predictions.Zip(y, (p, t) => p == t ? 1.0 : 0.0).Average();
        Assert.Equal(pooled, result.Report.Accuracy, 12);
        Assert.Equal(result.FoldAccuracy.Average(), result.MeanAccuracy, 12);
        Assert.True(result.MeanAccuracy > 0.8, $"accuracy {result.MeanAccuracy}");
        Assert.True(result.StdAccuracy >= 0);
        Assert.Equal(4, result.InnerAccuracy[0].Length);
    }

    [Fact]
    public void CrossValidationTunesForestAndSvm()
    {
        var (x, y) = Ring(240, 9);
        int[] folds = Enumerable.Range(0, x.Length).Select(i => 1 + (i / 2) % 3).ToArray();
        CrossValidationResult svm = CrossValidation.Run("svm", x, y, folds, CrossValidation.KernelSvmGrid([1, 10], [0.5, 2]));
        CrossValidationResult forest = CrossValidation.Run("forest", x, y, folds, CrossValidation.RandomForestGrid(50, [1, 5], [null]));
        Assert.True(svm.MeanAccuracy > 0.9, $"svm {svm.MeanAccuracy}");
        Assert.True(forest.MeanAccuracy > 0.9, $"forest {forest.MeanAccuracy}");
    }

    [Fact]
    public void CrossValidationRejectsTooFewFolds()
    {
        var (x, y) = SyntheticData.Classes(2, 10, 2, 3.0, 1);
        int[] folds = Enumerable.Range(0, x.Length).Select(i => i % 2).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => CrossValidation.Run("m", x, y, folds, CrossValidation.LogisticRegressionGrid([1, 2])));
        Assert.Contains("folds", ex.Message);
    }
}
