using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeSound.Learning.Preprocessing;

/// <summary>
/// Shared numeric helpers for row-major data sets (<c>double[][]</c>, one row per sample).
/// Hot loops are vectorized with <see cref="Vector{T}"/>.
/// </summary>
public static class RowMath
{
    /// <summary>Checks that <paramref name="x"/> is a non-empty rectangular matrix of finite values; returns its column count.</summary>
    public static int ValidateMatrix(double[][] x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Length == 0)
        {
            throw new ArgumentException($"{name}: the data set has no rows.", name);
        }

        int d = x[0]?.Length ?? throw new ArgumentException($"{name}: row 0 is null.", name);
        if (d == 0)
        {
            throw new ArgumentException($"{name}: rows have no columns.", name);
        }

        for (int i = 0; i < x.Length; i++)
        {
            double[] row = x[i] ?? throw new ArgumentException($"{name}: row {i} is null.", name);
            if (row.Length != d)
            {
                throw new ArgumentException($"{name}: row {i} has {row.Length} columns, row 0 has {d}.", name);
            }

            for (int j = 0; j < d; j++)
            {
                if (!double.IsFinite(row[j]))
                {
                    throw new ArgumentException($"{name}: value at row {i}, column {j} is {row[j]} (not finite).", name);
                }
            }
        }

        return d;
    }

    /// <summary>Checks that labels are non-negative and match the row count; returns the number of classes (max + 1).</summary>
    public static int ValidateLabels(int[] y, int rows, string name)
    {
        ArgumentNullException.ThrowIfNull(y, name);
        if (y.Length != rows)
        {
            throw new ArgumentException($"{name}: {y.Length} labels for {rows} rows.", name);
        }

        int max = -1;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] < 0)
            {
                throw new ArgumentException($"{name}: label at row {i} is {y[i]} (must be >= 0).", name);
            }

            max = Math.Max(max, y[i]);
        }

        return max + 1;
    }

    /// <summary>
    /// Checks a classifier's training set: <paramref name="x"/> as in <see cref="ValidateMatrix"/>, <paramref name="y"/>
    /// as in <see cref="ValidateLabels"/>, and every label below <paramref name="classCount"/>; returns the column count.
    /// </summary>
    public static int ValidateTrainingSet(double[][] x, int[] y, int classCount)
    {
        int d = ValidateMatrix(x, nameof(x));
        int found = ValidateLabels(y, x.Length, nameof(y));
        if (found > classCount)
        {
            throw new ArgumentException($"y: label {found - 1} is outside 0..{classCount - 1}.", nameof(y));
        }

        return d;
    }

    /// <summary>Index of the first largest value (0 for an empty span).</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : INumber<T>
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Per column, the sum of squared deviations from the column mean (divide by the row count for the population variance).</summary>
    public static double[] CenteredSumsOfSquares(double[][] x)
    {
        int d = x[0].Length;
        var sums = new double[d];
        for (int j = 0; j < d; j++)
        {
            double mean = 0;
            foreach (double[] row in x)
            {
                mean += row[j];
            }

            mean /= x.Length;
            double sum = 0;
            foreach (double[] row in x)
            {
                sum += (row[j] - mean) * (row[j] - mean);
            }

            sums[j] = sum;
        }

        return sums;
    }

    /// <summary>Squared euclidean distance between two equal-length vectors.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            for (int k = 0; k < va.Length; k++)
            {
                var diff = va[k] - vb[k];
                acc += diff * diff;
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            double diff = a[i] - b[i];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>Dot product of two equal-length vectors.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            for (int k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += alpha * x.</summary>
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        int n = y.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var va = new Vector<double>(alpha);
            for (int k = 0; k < vy.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vy.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>
    /// Full symmetric matrix of pairwise squared euclidean distances, rows computed in parallel.
    /// </summary>
    public static double[][] PairwiseSquaredDistances(double[][] x)
    {
        int n = x.Length;
        var d = new double[n][];
        for (int i = 0; i < n; i++)
        {
            d[i] = new double[n];
        }

        Parallel.For(0, n, i =>
        {
            double[] row = d[i];
            double[] xi = x[i];
            for (int j = 0; j < n; j++)
            {
                row[j] = j == i ? 0 : SquaredDistance(xi, x[j]);
            }
        });
        return d;
    }

    /// <summary>Full symmetric matrix of pairwise euclidean distances.</summary>
    public static double[][] PairwiseDistances(double[][] x)
    {
        double[][] d = PairwiseSquaredDistances(x);
        Parallel.For(0, d.Length, i =>
        {
            double[] row = d[i];
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = Math.Sqrt(row[j]);
            }
        });
        return d;
    }

    /// <summary>Rows of <paramref name="x"/> selected by <paramref name="index"/> (shared, not copied).</summary>
    public static double[][] Select(double[][] x, IReadOnlyList<int> index)
    {
        var r = new double[index.Count][];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = x[index[i]];
        }

        return r;
    }

    /// <summary>Entries of <paramref name="y"/> selected by <paramref name="index"/>.</summary>
    public static int[] Select(int[] y, IReadOnlyList<int> index)
    {
        var r = new int[index.Count];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = y[index[i]];
        }

        return r;
    }
}
