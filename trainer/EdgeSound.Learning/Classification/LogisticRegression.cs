using EdgeSound.Learning.Preprocessing;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace EdgeSound.Learning.Classification;

/// <summary>Parameters of <see cref="LogisticRegression"/>.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Inverse regularization strength, as scikit-learn's C.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>L-BFGS iteration limit.</summary>
    public int MaxIterations { get; init; } = 2000;

    /// <summary>Largest gradient component of the per-sample objective at convergence.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (!(C > 0 && double.IsFinite(C)))
        {
            throw new ArgumentOutOfRangeException(nameof(C), C, "LogisticRegressionOptions.C must be a positive finite number.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "LogisticRegressionOptions.MaxIterations must be >= 1.");
        }

        if (!(GradientTolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "LogisticRegressionOptions.GradientTolerance must be > 0.");
        }
    }
}

/// <summary>
/// The multinomial logistic objective of scikit-learn's LogisticRegression(C, solver='lbfgs'):
/// C * sum_i cross-entropy(softmax(W x_i + b), y_i) + 0.5 * ||W||^2, intercepts b not penalized, a full
/// weight row per class. It is evaluated divided by C * n (scikit-learn does the same), which keeps the
/// minimizer and makes the gradient tolerance independent of C and n. Parameters are laid out class by
/// class: theta[c * (d + 1) + j] for weight j of class c, theta[c * (d + 1) + d] for its intercept.
/// </summary>
public sealed class MultinomialLogisticObjective
{
    private readonly double[] _x;
    private readonly int[] _y;
    private readonly int _rows;
    private readonly int _features;
    private readonly int _classes;
    private readonly double _penalty;

    /// <summary>Prepares the objective for training rows <paramref name="x"/> with labels <paramref name="y"/>.</summary>
    public MultinomialLogisticObjective(double[][] x, int[] y, int classCount, double c)
    {
        _features = RowMath.ValidateTrainingSet(x, y, classCount);

        _rows = x.Length;
        _classes = classCount;
        _y = y;
        _x = new double[_rows * _features];
        for (int i = 0; i < _rows; i++)
        {
            x[i].CopyTo(_x, i * _features);
        }

        _penalty = 1.0 / (c * _rows);
    }

    /// <summary>Length of the parameter vector: classes * (features + 1).</summary>
    public int ParameterCount => _classes * (_features + 1);

    /// <summary>Objective value; writes its gradient.</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int d = _features;
        int stride = d + 1;
        gradient.Clear();
        Span<double> scores = _classes <= 256 ? stackalloc double[_classes] : new double[_classes];
        double loss = 0;
        for (int i = 0; i < _rows; i++)
        {
            ReadOnlySpan<double> xi = _x.AsSpan(i * d, d);
            double max = double.NegativeInfinity;
            for (int c = 0; c < _classes; c++)
            {
                scores[c] = RowMath.Dot(theta.Slice(c * stride, d), xi) + theta[c * stride + d];
                max = Math.Max(max, scores[c]);
            }

            double sum = 0;
            for (int c = 0; c < _classes; c++)
            {
                scores[c] = Math.Exp(scores[c] - max);
                sum += scores[c];
            }

            int label = _y[i];
            loss += Math.Log(sum) + max - (Math.Log(scores[label]) + max);
            double inverse = 1.0 / sum;
            for (int c = 0; c < _classes; c++)
            {
                double residual = scores[c] * inverse - (c == label ? 1.0 : 0.0);
                RowMath.AddScaled(gradient.Slice(c * stride, d), residual, xi);
                gradient[c * stride + d] += residual;
            }
        }

        double scale = 1.0 / _rows;
        double penalty = 0;
        for (int c = 0; c < _classes; c++)
        {
            Span<double> g = gradient.Slice(c * stride, stride);
            ReadOnlySpan<double> w = theta.Slice(c * stride, d);
            for (int j = 0; j < d; j++)
            {
                g[j] = g[j] * scale + _penalty * w[j];
                penalty += w[j] * w[j];
            }

            g[d] *= scale;
        }

        return loss * scale + 0.5 * _penalty * penalty;
    }
}

/// <summary>A fitted multinomial logistic regression.</summary>
public sealed class LogisticRegressionModel : IClassifier
{
    internal LogisticRegressionModel(double[] parameters, int classes, int features, int iterations, bool converged, double gradientNorm, double objective)
    {
        Parameters = parameters;
        ClassCount = classes;
        Features = features;
        Iterations = iterations;
        Converged = converged;
        GradientNorm = gradientNorm;
        Objective = objective;
    }

    /// <summary>Parameter vector in the layout of <see cref="MultinomialLogisticObjective"/>.</summary>
    public double[] Parameters { get; }

    /// <inheritdoc />
    public int ClassCount { get; }

    /// <summary>Number of input features.</summary>
    public int Features { get; }

    /// <summary>L-BFGS iterations used.</summary>
    public int Iterations { get; }

    /// <summary>Whether L-BFGS met its tolerance.</summary>
    public bool Converged { get; }

    /// <summary>Largest gradient component at the solution.</summary>
    public double GradientNorm { get; }

    /// <summary>Final value of the (per-sample) objective.</summary>
    public double Objective { get; }

    /// <summary>Weight of feature <paramref name="feature"/> for class <paramref name="label"/>.</summary>
    public double Weight(int label, int feature) => Parameters[label * (Features + 1) + feature];

    /// <summary>Intercept of class <paramref name="label"/>.</summary>
    public double Intercept(int label) => Parameters[label * (Features + 1) + Features];

    /// <summary>Softmax class probabilities for each row.</summary>
    public double[][] PredictProbabilities(double[][] x)
    {
        Check(x);
        var result = new double[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            var p = new double[ClassCount];
            double max = double.NegativeInfinity;
            for (int c = 0; c < ClassCount; c++)
            {
                p[c] = RowMath.Dot(Parameters.AsSpan(c * (Features + 1), Features), x[i]) + Intercept(c);
                max = Math.Max(max, p[c]);
            }

            double sum = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                p[c] = Math.Exp(p[c] - max);
                sum += p[c];
            }

            for (int c = 0; c < ClassCount; c++)
            {
                p[c] /= sum;
            }

            result[i] = p;
        }

        return result;
    }

    /// <inheritdoc />
    public int[] Predict(double[][] x)
    {
        Check(x);
        var labels = new int[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < ClassCount; c++)
            {
                double s = RowMath.Dot(Parameters.AsSpan(c * (Features + 1), Features), x[i]) + Intercept(c);
                if (s > bestScore)
                {
                    bestScore = s;
                    best = c;
                }
            }

            labels[i] = best;
        }

        return labels;
    }

    private void Check(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        if (d != Features)
        {
            throw new ArgumentException($"x: {d} columns, the model was trained on {Features}.", nameof(x));
        }
    }
}

/// <summary>
/// Multinomial logistic regression with an L2 penalty (see <see cref="MultinomialLogisticObjective"/>), fitted by
/// MathNet.Numerics' limited-memory BFGS (<see cref="LimitedMemoryBfgsMinimizer"/>).
/// </summary>
public static class LogisticRegression
{
    /// <summary>Correction pairs L-BFGS keeps (scikit-learn's lbfgs solver keeps 10).</summary>
    public const int Memory = 10;

    /// <summary>Relative decrease of the objective per iteration below which L-BFGS stops (64 machine epsilons, the
    /// ftol scikit-learn passes to scipy's L-BFGS-B).</summary>
    public const double FunctionTolerance = 64 * 2.220446049250313e-16;

    /// <summary>
    /// Fits the model. <paramref name="warmStart"/> (a parameter vector of the same layout, e.g. the solution
    /// for a neighbouring C) only changes where L-BFGS starts, not the optimum.
    /// </summary>
    public static LogisticRegressionModel Fit(
        double[][] x, int[] y, int classCount, LogisticRegressionOptions options, ReadOnlySpan<double> warmStart = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var objective = new MultinomialLogisticObjective(x, y, classCount, options.C);
        double[] start = new double[objective.ParameterCount];
        if (!warmStart.IsEmpty)
        {
            if (warmStart.Length != start.Length)
            {
                throw new ArgumentException($"warmStart: {warmStart.Length} values, the model has {start.Length} parameters.", nameof(warmStart));
            }

            warmStart.CopyTo(start);
        }

        // The best point evaluated: what the fit returns when L-BFGS stops short of its tolerance (iteration limit,
        // failed line search), as scikit-learn returns its last iterate with a convergence warning.
        double bestValue = double.PositiveInfinity;
        double[] bestPoint = start;
        double[] bestGradient = new double[start.Length];
        IObjectiveFunction function = ObjectiveFunction.Gradient(point =>
        {
            double[] at = point.ToArray();
            var gradient = new double[at.Length];
            double value = objective.Evaluate(at, gradient);
            if (value < bestValue)
            {
                (bestValue, bestPoint, bestGradient) = (value, at, gradient);
            }

            return (value, Vector<double>.Build.Dense(gradient));
        });
        var minimizer = new LimitedMemoryBfgsMinimizer(options.GradientTolerance, 0, FunctionTolerance, Memory, options.MaxIterations);
        int iterations;
        try
        {
            iterations = minimizer.FindMinimum(function, Vector<double>.Build.Dense(start)).Iterations;
        }
        catch (Exception e) when (e is MaximumIterationsException or InnerOptimizationException)
        {
            iterations = options.MaxIterations;
        }

        // MathNet's exit reason can name the gradient test when the iteration limit stopped it, so convergence is
        // judged here, on the largest gradient component at the point returned.
        double gradientNorm = bestGradient.Max(Math.Abs);
        bool converged = gradientNorm <= options.GradientTolerance;
        return new LogisticRegressionModel(bestPoint, classCount, x[0].Length, Math.Min(iterations, options.MaxIterations), converged, gradientNorm, bestValue);
    }
}
