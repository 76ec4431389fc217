using EdgeSound.Learning.Preprocessing;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace EdgeSound.Learning.Decomposition;

/// <summary>
/// Principal component analysis by eigendecomposition of the sample covariance (denominator n - 1, as
/// scikit-learn). Components are unit-length, mutually orthogonal rows sorted by decreasing variance; each
/// component's sign is fixed so that its largest-magnitude loading is positive (deterministic output).
/// </summary>
public sealed class Pca
{
    private readonly PcaOptions _options;
    private double[]? _mean;
    private double[][]? _components;
    private double[]? _variance;
    private double[]? _ratio;

    /// <summary>Creates an unfitted PCA.</summary>
    public Pca(PcaOptions? options = null)
    {
        _options = options ?? new PcaOptions();
        _options.Validate();
    }

    /// <summary>Column means subtracted before projection.</summary>
    public IReadOnlyList<double> Mean => _mean ?? throw NotFitted();

    /// <summary>All principal axes (min(rows, columns) of them), one unit vector per row, by decreasing variance.</summary>
    public IReadOnlyList<double[]> Components => _components ?? throw NotFitted();

    /// <summary>Variance along each component.</summary>
    public IReadOnlyList<double> ExplainedVariance => _variance ?? throw NotFitted();

    /// <summary>Fraction of total variance along each component; sums to 1 over all components.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio => _ratio ?? throw NotFitted();

    /// <summary>Number of components <see cref="Transform"/> returns.</summary>
    public int OutputComponents => Math.Min(_options.Components ?? int.MaxValue, Components.Count);

    /// <summary>Learns the principal axes of <paramref name="x"/> (needs at least 2 rows).</summary>
    public Pca Fit(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        int n = x.Length;
        if (n < 2)
        {
            throw new ArgumentException("x: PCA needs at least 2 rows.", nameof(x));
        }

        var mean = new double[d];
        foreach (double[] row in x)
        {
            RowMath.AddScaled(mean, 1.0, row);
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => x[i][j] - mean[j]);
        Matrix<double> cov = centred.TransposeThisAndMultiply(centred).Divide(n - 1);
        Evd<double> evd = cov.Evd(Symmetricity.Symmetric);
        double[] values = evd.EigenValues.Real().ToArray();
        var order = new int[d];
        for (int i = 0; i < d; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => values[b].CompareTo(values[a]));
        int keep = Math.Min(n, d);
        double total = 0;
        for (int i = 0; i < d; i++)
        {
            total += Math.Max(values[i], 0);
        }

        var components = new double[keep][];
        var variance = new double[keep];
        var ratio = new double[keep];
        for (int c = 0; c < keep; c++)
        {
            int k = order[c];
            var v = evd.EigenVectors.Column(k).ToArray();
            int arg = 0;
            for (int j = 1; j < d; j++)
            {
                if (Math.Abs(v[j]) > Math.Abs(v[arg]))
                {
                    arg = j;
                }
            }

            double sign = v[arg] < 0 ? -1 : 1;
            double norm = Math.Sqrt(RowMath.Dot(v, v));
            for (int j = 0; j < d; j++)
            {
                v[j] *= sign / norm;
            }

            components[c] = v;
            variance[c] = Math.Max(values[k], 0);
            ratio[c] = total > 0 ? variance[c] / total : 1.0 / keep;
        }

        _mean = mean;
        _components = components;
        _variance = variance;
        _ratio = ratio;
        return this;
    }

    /// <summary>Smallest number of components whose cumulative variance ratio reaches <paramref name="fraction"/> (e.g. 0.95).</summary>
    public int ComponentsForVariance(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in (0, 1].");
        }

        double[] ratio = _ratio ?? throw NotFitted();
        double cumulative = 0;
        for (int i = 0; i < ratio.Length; i++)
        {
            cumulative += ratio[i];
            if (cumulative >= fraction - 1e-12)
            {
                return i + 1;
            }
        }

        return ratio.Length;
    }

    /// <summary>Projects rows onto the first <see cref="OutputComponents"/> components.</summary>
    public double[][] Transform(double[][] x) => Transform(x, OutputComponents);

    /// <summary>Projects rows onto the first <paramref name="components"/> components.</summary>
    public double[][] Transform(double[][] x, int components)
    {
        double[] mean = _mean ?? throw NotFitted();
        double[][] axes = _components!;
        if (components < 1 || components > axes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"components must be in 1..{axes.Length}.");
        }

        int d = RowMath.ValidateMatrix(x, nameof(x));
        if (d != mean.Length)
        {
            throw new ArgumentException($"x: {d} columns, the PCA was fitted on {mean.Length}.", nameof(x));
        }

        var result = new double[x.Length][];
        var centred = new double[d];
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < d; j++)
            {
                centred[j] = x[i][j] - mean[j];
            }

            var row = new double[components];
            for (int c = 0; c < components; c++)
            {
                row[c] = RowMath.Dot(centred, axes[c]);
            }

            result[i] = row;
        }

        return result;
    }

    private static InvalidOperationException NotFitted() => new("Pca: call Fit before using the model.");
}
