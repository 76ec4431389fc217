using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Classification;

/// <summary>Parameters of <see cref="KernelSvm"/>.</summary>
public sealed record KernelSvmOptions
{
    /// <summary>Box constraint (misclassification cost).</summary>
    public double C { get; init; } = 1.0;

    /// <summary>RBF width: K(a, b) = exp(-Gamma * |a - b|^2). Null: 1 / (features * variance of all values) (scikit-learn's "scale").</summary>
    public double? Gamma { get; init; }

    /// <summary>SMO stops when the maximal KKT violation falls below this (LIBSVM's eps).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>SMO iteration limit per binary problem.</summary>
    public int MaxIterations { get; init; } = 100_000;

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (!(C > 0 && double.IsFinite(C)))
        {
            throw new ArgumentOutOfRangeException(nameof(C), C, "KernelSvmOptions.C must be a positive finite number.");
        }

        if (Gamma is { } gamma && !(gamma > 0 && double.IsFinite(gamma)))
        {
            throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "KernelSvmOptions.Gamma must be a positive finite number.");
        }

        if (!(Tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "KernelSvmOptions.Tolerance must be > 0.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "KernelSvmOptions.MaxIterations must be >= 1.");
        }
    }
}

/// <summary>
/// A fitted one-vs-one RBF support vector machine: one binary machine per class pair, prediction by majority
/// vote with ties going to the lower class index (LIBSVM's rule, hence scikit-learn's SVC).
/// </summary>
public sealed class KernelSvmModel : IClassifier
{
    private readonly double[][] _train;
    private readonly BinaryMachine[] _machines;

    internal KernelSvmModel(double[][] train, BinaryMachine[] machines, int classes, double gamma)
    {
        _train = train;
        _machines = machines;
        ClassCount = classes;
        Gamma = gamma;
    }

    /// <inheritdoc />
    public int ClassCount { get; }

    /// <summary>RBF width used.</summary>
    public double Gamma { get; }

    /// <summary>Distinct training rows that are support vectors of at least one binary machine.</summary>
    public int SupportVectorCount
    {
        get
        {
            var used = new HashSet<int>();
            foreach (BinaryMachine m in _machines)
            {
                used.UnionWith(m.Support);
            }

            return used.Count;
        }
    }

    /// <inheritdoc />
    public int[] Predict(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        if (d != _train[0].Length)
        {
            throw new ArgumentException($"x: {d} columns, the machine was trained on {_train[0].Length}.", nameof(x));
        }

        var labels = new int[x.Length];
        Parallel.For(0, x.Length, i =>
        {
            var kernel = new double[_train.Length];
            Array.Fill(kernel, double.NaN);
            var votes = new int[ClassCount];
            foreach (BinaryMachine m in _machines)
            {
                double f = m.Bias;
                for (int s = 0; s < m.Support.Length; s++)
                {
                    int row = m.Support[s];
                    if (double.IsNaN(kernel[row]))
                    {
                        kernel[row] = Math.Exp(-Gamma * RowMath.SquaredDistance(x[i], _train[row]));
                    }

                    f += m.Coefficient[s] * kernel[row];
                }

                votes[f > 0 ? m.Positive : m.Negative]++;
            }

            labels[i] = RowMath.ArgMax<int>(votes);
        });
        return labels;
    }
}

/// <summary>One binary machine: f(x) = sum_s Coefficient[s] K(train[Support[s]], x) + Bias; f &gt; 0 means Positive.</summary>
internal sealed record BinaryMachine(int Positive, int Negative, int[] Support, double[] Coefficient, double Bias);

/// <summary>
/// RBF-kernel C-SVM trained by SMO with LIBSVM's second-order working-set selection (Fan, Chen and Lin 2005),
/// one-vs-one for several classes. The full training kernel matrix is computed once (in parallel) and the
/// class pairs are solved in parallel.
/// </summary>
public static class KernelSvm
{
    /// <summary>Trains on rows <paramref name="x"/> (ideally standardized) with labels in 0..classCount-1.</summary>
    public static KernelSvmModel Fit(double[][] x, int[] y, int classCount, KernelSvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int d = RowMath.ValidateTrainingSet(x, y, classCount);

        double gamma = options.Gamma ?? ScaleGamma(x, d);
        double[][] kernel = RowMath.PairwiseSquaredDistances(x);
        Parallel.For(0, kernel.Length, i =>
        {
            double[] row = kernel[i];
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = Math.Exp(-gamma * row[j]);
            }
        });

        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < y.Length; i++)
        {
            members[y[i]].Add(i);
        }

        var pairs = new List<(int A, int B)>();
        for (int a = 0; a < classCount; a++)
        {
            for (int b = a + 1; b < classCount; b++)
            {
                if (members[a].Count > 0 && members[b].Count > 0)
                {
                    pairs.Add((a, b));
                }
            }
        }

        var machines = new BinaryMachine[pairs.Count];
        Parallel.For(0, pairs.Count, p =>
        {
            (int a, int b) = pairs[p];
            machines[p] = SolveBinary(kernel, members[a], members[b], a, b, options);
        });
        return new KernelSvmModel(x, machines, classCount, gamma);
    }

    private static double ScaleGamma(double[][] x, int d)
    {
        double sum = 0;
        double sumSquares = 0;
        foreach (double[] row in x)
        {
            foreach (double v in row)
            {
                sum += v;
                sumSquares += v * v;
            }
        }

        double count = (double)x.Length * d;
        double variance = sumSquares / count - (sum / count) * (sum / count);
        return variance > 0 ? 1.0 / (d * variance) : 1.0;
    }

    private static BinaryMachine SolveBinary(double[][] kernel, List<int> positive, List<int> negative, int a, int b, KernelSvmOptions options)
    {
        int n = positive.Count + negative.Count;
        var rows = new int[n];
        var y = new double[n];
        for (int i = 0; i < positive.Count; i++)
        {
            rows[i] = positive[i];
            y[i] = 1;
        }

        for (int i = 0; i < negative.Count; i++)
        {
            rows[positive.Count + i] = negative[i];
            y[positive.Count + i] = -1;
        }

        double[] alpha = Smo(kernel, rows, y, options.C, options.Tolerance, options.MaxIterations, out double bias);
        var support = new List<int>();
        var coefficient = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (alpha[i] > 0)
            {
                support.Add(rows[i]);
                coefficient.Add(alpha[i] * y[i]);
            }
        }

        return new BinaryMachine(a, b, support.ToArray(), coefficient.ToArray(), bias);
    }

    /// <summary>
    /// Solves min 0.5 a'Qa - e'a, 0 &lt;= a &lt;= C, y'a = 0 with Q_ij = y_i y_j K_ij; returns a and the bias b of
    /// f(x) = sum a_i y_i K(x_i, x) + b.
    /// </summary>
    internal static double[] Smo(double[][] kernel, int[] rows, double[] y, double c, double tolerance, int maxIterations, out double bias)
    {
        int n = rows.Length;
        var alpha = new double[n];
        var gradient = new double[n];
        Array.Fill(gradient, -1.0);
        double K(int i, int j) => kernel[rows[i]][rows[j]];
        const double tau = 1e-12;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            int i = -1;
            double gMax = double.NegativeInfinity;
            for (int t = 0; t < n; t++)
            {
                bool up = y[t] > 0 ? alpha[t] < c : alpha[t] > 0;
                if (up && -y[t] * gradient[t] >= gMax)
                {
                    gMax = -y[t] * gradient[t];
                    i = t;
                }
            }

            int j = -1;
            double gMin = double.PositiveInfinity;
            double bestObjective = double.PositiveInfinity;
            for (int t = 0; t < n; t++)
            {
                bool low = y[t] > 0 ? alpha[t] > 0 : alpha[t] < c;
                if (!low)
                {
                    continue;
                }

                double value = -y[t] * gradient[t];
                gMin = Math.Min(gMin, value);
                if (i >= 0 && value < gMax)
                {
                    double diff = gMax - value;
                    double curvature = K(i, i) + K(t, t) - 2 * K(i, t);
                    double objective = -diff * diff / Math.Max(curvature, tau);
                    if (objective <= bestObjective)
                    {
                        bestObjective = objective;
                        j = t;
                    }
                }
            }

            if (i < 0 || j < 0 || gMax - gMin < tolerance)
            {
                break;
            }

            double oldI = alpha[i];
            double oldJ = alpha[j];
            double quad = Math.Max(K(i, i) + K(j, j) - 2 * K(i, j), tau);
            if (y[i] != y[j])
            {
                double delta = (-gradient[i] - gradient[j]) / quad;
                double sum = alpha[i] - alpha[j];
                alpha[i] += delta;
                alpha[j] += delta;
                if (sum > 0)
                {
                    if (alpha[j] < 0)
                    {
                        alpha[j] = 0;
                        alpha[i] = sum;
                    }
                }
                else if (alpha[i] < 0)
                {
                    alpha[i] = 0;
                    alpha[j] = -sum;
                }

                if (sum > 0)
                {
                    if (alpha[i] > c)
                    {
                        alpha[i] = c;
                        alpha[j] = c - sum;
                    }
                }
                else if (alpha[j] > c)
                {
                    alpha[j] = c;
                    alpha[i] = c + sum;
                }
            }
            else
            {
                double delta = (gradient[i] - gradient[j]) / quad;
                double sum = alpha[i] + alpha[j];
                alpha[i] -= delta;
                alpha[j] += delta;
                if (sum > c)
                {
                    if (alpha[i] > c)
                    {
                        alpha[i] = c;
                        alpha[j] = sum - c;
                    }
                }
                else if (alpha[j] < 0)
                {
                    alpha[j] = 0;
                    alpha[i] = sum;
                }

                if (sum > c)
                {
                    if (alpha[j] > c)
                    {
                        alpha[j] = c;
                        alpha[i] = sum - c;
                    }
                }
                else if (alpha[i] < 0)
                {
                    alpha[i] = 0;
                    alpha[j] = sum;
                }
            }

            double dI = alpha[i] - oldI;
            double dJ = alpha[j] - oldJ;
            for (int t = 0; t < n; t++)
            {
                gradient[t] += y[t] * (y[i] * dI * K(t, i) + y[j] * dJ * K(t, j));
            }
        }

        double free = 0;
        int freeCount = 0;
        double upper = double.PositiveInfinity;
        double lower = double.NegativeInfinity;
        for (int t = 0; t < n; t++)
        {
            double value = -y[t] * gradient[t];
            if (alpha[t] > 0 && alpha[t] < c)
            {
                free += value;
                freeCount++;
            }
            else
            {
                bool atUpperForPositive = y[t] > 0 ? alpha[t] >= c : alpha[t] <= 0;
                if (atUpperForPositive)
                {
                    lower = Math.Max(lower, value);
                }
                else
                {
                    upper = Math.Min(upper, value);
                }
            }
        }

        bias = freeCount > 0 ? free / freeCount : 0.5 * (upper + lower);
        return alpha;
    }
}
