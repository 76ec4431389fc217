namespace EdgeSound.Learning.Preprocessing;

/// <summary>
/// Removes each column's mean and divides by its population standard deviation (ddof = 0, as scikit-learn).
/// A column whose standard deviation is zero (or below 1e-12 of its magnitude) keeps scale 1, so it maps to 0
/// instead of NaN.
/// </summary>
public sealed class StandardScaler
{
    private double[]? _mean;
    private double[]? _scale;

    /// <summary>Column means learned by <see cref="Fit"/>.</summary>
    public IReadOnlyList<double> Mean => _mean ?? throw NotFitted();

    /// <summary>Column scales learned by <see cref="Fit"/> (1 for constant columns).</summary>
    public IReadOnlyList<double> Scale => _scale ?? throw NotFitted();

    /// <summary>Learns column means and scales.</summary>
    public StandardScaler Fit(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        var mean = new double[d];
        var scale = new double[d];
        foreach (double[] row in x)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= x.Length;
        }

        foreach (double[] row in x)
        {
            for (int j = 0; j < d; j++)
            {
                double c = row[j] - mean[j];
                scale[j] += c * c;
            }
        }

        for (int j = 0; j < d; j++)
        {
            double sd = Math.Sqrt(scale[j] / x.Length);
            scale[j] = sd <= 1e-12 * Math.Max(1.0, Math.Abs(mean[j])) ? 1.0 : sd;
        }

        _mean = mean;
        _scale = scale;
        return this;
    }

    /// <summary>Returns a new standardized copy of <paramref name="x"/>.</summary>
    public double[][] Transform(double[][] x)
    {
        double[] mean = _mean ?? throw NotFitted();
        double[] scale = _scale!;
        int d = RowMath.ValidateMatrix(x, nameof(x));
        if (d != mean.Length)
        {
            throw new ArgumentException($"x: {d} columns, the scaler was fitted on {mean.Length}.", nameof(x));
        }

        var r = new double[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            var row = new double[d];
            double[] src = x[i];
            for (int j = 0; j < d; j++)
            {
                row[j] = (src[j] - mean[j]) / scale[j];
            }

            r[i] = row;
        }

        return r;
    }

    /// <summary>Fit then transform the same data.</summary>
    public double[][] FitTransform(double[][] x) => Fit(x).Transform(x);

    private static InvalidOperationException NotFitted() => new("StandardScaler: call Fit before using the scaler.");
}
