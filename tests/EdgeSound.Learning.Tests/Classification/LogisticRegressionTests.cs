using EdgeSound.Learning.Classification;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Classification;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var (x, y) = SyntheticData.Classes(4, 10, 5, 1.0, 2);
        var objective = new MultinomialLogisticObjective(x, y, 4, 0.7);
        var random = new Random(5);
        double[] theta = Enumerable.Range(0, objective.ParameterCount).Select(_ => 0.3 * SyntheticData.Gaussian(random)).ToArray();
        var gradient = new double[theta.Length];
        objective.Evaluate(theta, gradient);
        var scratch = new double[theta.Length];
        const double h = 1e-6;
        for (int p = 0; p < theta.Length; p++)
        {
            double saved = theta[p];
            theta[p] = saved + h;
            double plus = objective.Evaluate(theta, scratch);
            theta[p] = saved - h;
            double minus = objective.Evaluate(theta, scratch);
            theta[p] = saved;
            Assert.Equal((plus - minus) / (2 * h), gradient[p], 7);
        }
    }

    [Fact]
    public void ObjectiveIsScikitLearnsScaledByCTimesN()
    {
        // theta = 0: every class has probability 1/k, no penalty -> mean cross-entropy ln k.
        double[][] x = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]];
        var objective = new MultinomialLogisticObjective(x, [0, 1, 2], 3, 10);
        var gradient = new double[objective.ParameterCount];
        Assert.Equal(Math.Log(3), objective.Evaluate(new double[objective.ParameterCount], gradient), 12);

        // Zero features: weights change only the penalty 0.5 ||W||^2 / (C n); equal intercepts change nothing
        // (softmax is shift-invariant) and are never penalized.
        double[][] zeros = [[0.0, 0.0], [0.0, 0.0]];
        var flat = new MultinomialLogisticObjective(zeros, [0, 1], 3, 0.5);
        var theta = new double[flat.ParameterCount];
        theta[0] = 2;
        Assert.Equal(Math.Log(3) + 0.5 * 4 / (0.5 * 2), flat.Evaluate(theta, gradient), 12);
        theta[0] = 0;
        theta[2] = theta[5] = theta[8] = 5;
        Assert.Equal(Math.Log(3), flat.Evaluate(theta, gradient), 12);
    }

    [Fact]
    public void LearnsSeparableProblemAndConvergesTightly()
    {
        var (x, y) = SyntheticData.Classes(5, 40, 6, 5.0, 9);
        LogisticRegressionModel model = LogisticRegression.Fit(x, y, 5, new LogisticRegressionOptions { C = 1 });
        Assert.True(model.Converged);
        Assert.True(model.GradientNorm <= 1e-6);
        Assert.Equal(y, model.Predict(x));
        double[][] p = model.PredictProbabilities(x);
        Assert.All(p, row => Assert.Equal(1.0, row.Sum(), 12));
    }

    [Fact]
    public void WarmStartReachesTheSameOptimum()
    {
        var (x, y) = SyntheticData.Classes(3, 30, 4, 1.0, 4);
        var options = new LogisticRegressionOptions { C = 3, GradientTolerance = 1e-9 };
        LogisticRegressionModel cold = LogisticRegression.Fit(x, y, 3, options);
        LogisticRegressionModel near = LogisticRegression.Fit(x, y, 3, options with { C = 0.3 });
        LogisticRegressionModel warm = LogisticRegression.Fit(x, y, 3, options, near.Parameters);
        for (int i = 0; i < cold.Parameters.Length; i++)
        {
            Assert.Equal(cold.Parameters[i], warm.Parameters[i], 4);
        }

        Assert.Equal(cold.Objective, warm.Objective, 1e-9);
    }

    [Fact]
    public void StrongerRegularizationShrinksWeights()
    {
        var (x, y) = SyntheticData.Classes(3, 30, 4, 1.0, 6);
        double Norm(LogisticRegressionModel m) =>
            Enumerable.Range(0, 3).Sum(c => Enumerable.Range(0, 4).Sum(j => m.Weight(c, j) * m.Weight(c, j)));
        Assert.True(Norm(LogisticRegression.Fit(x, y, 3, new LogisticRegressionOptions { C = 0.01 }))
            < Norm(LogisticRegression.Fit(x, y, 3, new LogisticRegressionOptions { C = 10 })));
    }

    [Fact]
    public void StoppedByTheIterationLimitItReturnsTheBestPointAndSaysSo()
    {
        var (x, y) = SyntheticData.Classes(4, 30, 5, 1.0, 3);
        var options = new LogisticRegressionOptions { C = 100, GradientTolerance = 1e-12 };
        LogisticRegressionModel shortFit = LogisticRegression.Fit(x, y, 4, options with { MaxIterations = 3 });
        LogisticRegressionModel full = LogisticRegression.Fit(x, y, 4, options);
        Assert.False(shortFit.Converged);
        Assert.Equal(3, shortFit.Iterations);
        var gradient = new double[shortFit.Parameters.Length];
        double atStart = new MultinomialLogisticObjective(x, y, 4, 100).Evaluate(new double[gradient.Length], gradient);
        Assert.True(shortFit.Objective < atStart);
        Assert.True(full.Objective < shortFit.Objective);
        Assert.Equal(shortFit.Objective, new MultinomialLogisticObjective(x, y, 4, 100).Evaluate(shortFit.Parameters, gradient), 12);
    }
}
