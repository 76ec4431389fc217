using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Clustering;

/// <summary>Parameters of <see cref="GaussianMixture"/>.</summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Number of mixture components.</summary>
    public int Components { get; init; } = 2;

    /// <summary>Independent starts (each seeded by k-means++); the highest final log-likelihood wins.</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>Maximum EM iterations per start.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when the mean per-sample log-likelihood improves by less than this.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Smallest allowed variance per component and dimension, relative to that column's variance in the data
    /// (floor = VarianceFloor * var(column), at least 1e-12). Applied by clamping in the M-step, which is the
    /// exact constrained maximizer, so the log-likelihood stays monotone.
    /// </summary>
    public double VarianceFloor { get; init; } = 1e-6;

    /// <summary>Random seed; equal seeds give equal results.</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        OptionChecks.AtLeast(Components, 1, nameof(GaussianMixtureOptions));
        OptionChecks.AtLeast(Restarts, 1, nameof(GaussianMixtureOptions));
        OptionChecks.AtLeast(MaxIterations, 1, nameof(GaussianMixtureOptions));
        OptionChecks.NotNegative(Tolerance, nameof(GaussianMixtureOptions));
        OptionChecks.Positive(VarianceFloor, nameof(GaussianMixtureOptions));
    }
}

/// <summary>A fitted diagonal-covariance Gaussian mixture.</summary>
/// <param name="Weights">Mixing weights (sum 1).</param>
/// <param name="Means">Component means.</param>
/// <param name="Variances">Per-dimension component variances.</param>
/// <param name="Labels">Most responsible component per training row.</param>
/// <param name="LogLikelihoodHistory">Mean per-sample log-likelihood before each M-step of the winning start, then the final value (non-decreasing).</param>
public sealed record GaussianMixtureModel(
    double[] Weights, double[][] Means, double[][] Variances, int[] Labels, IReadOnlyList<double> LogLikelihoodHistory)
{
    /// <summary>Mean per-sample log-likelihood of the training data under the final parameters.</summary>
    public double LogLikelihood => LogLikelihoodHistory[^1];

    /// <summary>Posterior probability of each component for each row.</summary>
    public double[][] Responsibilities(double[][] x)
    {
        RowMath.ValidateMatrix(x, nameof(x));
        var r = new double[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            r[i] = new double[Weights.Length];
            GaussianMixture.Posterior(this, x[i], r[i]);
        }

        return r;
    }
}

/// <summary>Gaussian mixture with diagonal covariances fitted by expectation-maximization (log-space E-step).</summary>
public sealed class GaussianMixture
{
    private readonly GaussianMixtureOptions _options;

    /// <summary>Creates the estimator; options are validated here.</summary>
    public GaussianMixture(GaussianMixtureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Fits the mixture to the rows of <paramref name="x"/>.</summary>
    public GaussianMixtureModel Fit(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        int k = _options.Components;
        if (k > x.Length)
        {
            throw new ArgumentException($"x: {x.Length} rows cannot fit {k} components (GaussianMixtureOptions.Components).", nameof(x));
        }

        double[] floor = RowMath.CenteredSumsOfSquares(x);
        for (int j = 0; j < d; j++)
        {
            floor[j] = Math.Max(_options.VarianceFloor * floor[j] / x.Length, 1e-12);
        }

        return KMeans.BestOfRestarts(x, k, _options.Restarts, _options.Seed, seeds => Em(x, seeds, floor), run => -run.LogLikelihood);
    }

    internal static double Posterior(GaussianMixtureModel model, double[] row, double[] into) =>
        Posterior(Precompute(model), model.Means, row, into);

    /// <summary>Per component: log weight minus the Gaussian normalizer (or -infinity for an empty component), then 1 / variance.</summary>
    private static (double[] Constant, double[][] Precision) Precompute(GaussianMixtureModel model)
    {
        int k = model.Weights.Length;
        var constant = new double[k];
        var precision = new double[k][];
        for (int c = 0; c < k; c++)
        {
            double[] variance = model.Variances[c];
            precision[c] = new double[variance.Length];
            if (model.Weights[c] <= 0)
            {
                constant[c] = double.NegativeInfinity;
                continue;
            }

            double s = Math.Log(model.Weights[c]) - 0.5 * variance.Length * Math.Log(2 * Math.PI);
            for (int j = 0; j < variance.Length; j++)
            {
                s -= 0.5 * Math.Log(variance[j]);
                precision[c][j] = 1.0 / variance[j];
            }

            constant[c] = s;
        }

        return (constant, precision);
    }

    private static double Posterior((double[] Constant, double[][] Precision) p, double[][] means, double[] row, double[] into)
    {
        double max = double.NegativeInfinity;
        for (int c = 0; c < into.Length; c++)
        {
            double s = p.Constant[c];
            if (!double.IsNegativeInfinity(s))
            {
                double[] mean = means[c];
                double[] precision = p.Precision[c];
                double quadratic = 0;
                for (int j = 0; j < row.Length; j++)
                {
                    double diff = row[j] - mean[j];
                    quadratic += diff * diff * precision[j];
                }

                s -= 0.5 * quadratic;
            }

            into[c] = s;
            max = Math.Max(max, s);
        }

        double sum = 0;
        for (int c = 0; c < into.Length; c++)
        {
            into[c] = Math.Exp(into[c] - max);
            sum += into[c];
        }

        for (int c = 0; c < into.Length; c++)
        {
            into[c] /= sum;
        }

        return max + Math.Log(sum);
    }

    private GaussianMixtureModel Em(double[][] x, double[][] seeds, double[] floor)
    {
        int n = x.Length;
        int d = floor.Length;
        int k = seeds.Length;
        var responsibility = new double[n][];
        for (int i = 0; i < n; i++)
        {
            responsibility[i] = new double[k];
            responsibility[i][KMeans.Nearest(seeds, x[i], out _)] = 1;
        }

        var weights = new double[k];
        var means = new double[k][];
        var variances = new double[k][];
        for (int c = 0; c < k; c++)
        {
            means[c] = (double[])seeds[c].Clone();
            variances[c] = new double[d];
        }

        MStep(x, responsibility, weights, means, variances, floor);
        var history = new List<double>();
        var model = new GaussianMixtureModel(weights, means, variances, new int[n], history);
        var logLikelihoods = new double[n];
        for (int iteration = 0; iteration <= _options.MaxIterations; iteration++)
        {
            var precomputed = Precompute(model);
            Parallel.For(0, n, i => logLikelihoods[i] = Posterior(precomputed, means, x[i], responsibility[i]));
            double mean = 0;
            foreach (double v in logLikelihoods)
            {
                mean += v;
            }

            mean /= n;
            history.Add(mean);
            bool converged = history.Count > 1 && mean - history[^2] < _options.Tolerance;
            if (converged || iteration == _options.MaxIterations)
            {
                break;
            }

            MStep(x, responsibility, weights, means, variances, floor);
        }

        for (int i = 0; i < n; i++)
        {
            int arg = 0;
            for (int c = 1; c < k; c++)
            {
                if (responsibility[i][c] > responsibility[i][arg])
                {
                    arg = c;
                }
            }

            model.Labels[i] = arg;
        }

        return model;
    }

    private static void MStep(double[][] x, double[][] responsibility, double[] weights, double[][] means, double[][] variances, double[] floor)
    {
        int n = x.Length;
        int d = floor.Length;
        Parallel.For(0, weights.Length, c =>
        {
            double total = 0;
            var mean = new double[d];
            for (int i = 0; i < n; i++)
            {
                double r = responsibility[i][c];
                if (r > 0)
                {
                    total += r;
                    RowMath.AddScaled(mean, r, x[i]);
                }
            }

            weights[c] = total / n;
            if (total < 1e-12)
            {
                return;
            }

            for (int j = 0; j < d; j++)
            {
                mean[j] /= total;
            }

            double[] variance = variances[c];
            Array.Clear(variance);
            for (int i = 0; i < n; i++)
            {
                double r = responsibility[i][c];
                if (r > 0)
                {
                    double[] row = x[i];
                    for (int j = 0; j < d; j++)
                    {
                        double diff = row[j] - mean[j];
                        variance[j] += r * diff * diff;
                    }
                }
            }

            for (int j = 0; j < d; j++)
            {
                variance[j] = Math.Max(variance[j] / total, floor[j]);
            }

            means[c] = mean;
        });
    }
}
