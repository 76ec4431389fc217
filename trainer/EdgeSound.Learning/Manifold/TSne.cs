using System.Numerics;
using EdgeSound.Learning.Decomposition;
using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Learning.Manifold;

/// <summary>A 2-D t-SNE embedding (one row per input row) and the final KL divergence.</summary>
public sealed record TSneResult(double[][] Embedding, double KlDivergence);

/// <summary>
/// t-SNE (van der Maaten and Hinton 2008) into two dimensions. Input affinities are computed, as in
/// Barnes-Hut t-SNE (van der Maaten 2014), over each point's floor(3 * perplexity) nearest neighbours (squared
/// euclidean distances, Gaussian bandwidth found by binary search on the entropy) and symmetrized. The
/// repulsive forces are computed exactly over all pairs, vectorized and spread over the cores: O(n^2) per
/// iteration, which for a few thousand points is as fast as a Barnes-Hut tree and has no theta error.
/// Optimization: gradient descent with momentum, early exaggeration and per-parameter gains (Jacobs 1988),
/// as scikit-learn. Deterministic: per-row results are reduced in a fixed order.
/// </summary>
public sealed class TSne
{
    private readonly TSneOptions _options;

    /// <summary>Creates the embedder; options are validated here.</summary>
    public TSne(TSneOptions? options = null)
    {
        _options = options ?? new TSneOptions();
        _options.Validate();
    }

    /// <summary>Embeds the rows of <paramref name="x"/> (at least 4 rows) in two dimensions.</summary>
    public TSneResult Fit(double[][] x)
    {
        int d = RowMath.ValidateMatrix(x, nameof(x));
        int n = x.Length;
        if (n < 4)
        {
            throw new ArgumentException($"x: t-SNE needs at least 4 rows, got {n}.", nameof(x));
        }

        double[][] input = x;
        if (_options.PcaDimensions is { } dims && d > dims)
        {
            var pca = new Pca(new PcaOptions { Components = dims }).Fit(x);
            input = pca.Transform(x);
        }

        int k = Math.Min(n - 1, (int)Math.Floor(3 * _options.Perplexity));
        Affinities p = ComputeAffinities(input, k, Math.Min(_options.Perplexity, k));
        var (yx, yy) = Initialize(x, n);
        Optimize(p, yx, yy);
        double kl = KlDivergence(p, yx, yy);
        var embedding = new double[n][];
        for (int i = 0; i < n; i++)
        {
            embedding[i] = [yx[i], yy[i]];
        }

        return new TSneResult(embedding, kl);
    }

    /// <summary>Symmetric sparse joint probabilities p_ij in compressed-row form (row i: entries RowStart[i]..RowStart[i+1]-1); they sum to 1.</summary>
    public sealed record Affinities(int[] RowStart, int[] Column, double[] Value);

    /// <summary>
    /// Input affinities: conditional p(j|i) over each row's <paramref name="k"/> nearest neighbours with the
    /// bandwidth matched to <paramref name="perplexity"/>, then p_ij = (p(j|i) + p(i|j)) / sum.
    /// </summary>
    public static Affinities ComputeAffinities(double[][] x, int k, double perplexity)
    {
        RowMath.ValidateMatrix(x, nameof(x));
        if (k < 1 || k >= x.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{x.Length - 1}.");
        }

        int n = x.Length;
        var neighbours = new int[n][];
        var conditional = new double[n][];
        double targetEntropy = Math.Log(perplexity);
        Parallel.For(0, n, i =>
        {
            var dist = new double[n];
            var index = new int[n];
            for (int j = 0; j < n; j++)
            {
                dist[j] = j == i ? double.PositiveInfinity : RowMath.SquaredDistance(x[i], x[j]);
                index[j] = j;
            }

            Array.Sort(dist, index);
            neighbours[i] = index[..k];
            conditional[i] = Bandwidth(dist.AsSpan(0, k), targetEntropy);
        });

        var joint = new Dictionary<long, double>(n * k * 2);
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < k; a++)
            {
                int j = neighbours[i][a];
                double v = conditional[i][a];
                long key1 = (long)i * n + j;
                long key2 = (long)j * n + i;
                joint[key1] = joint.GetValueOrDefault(key1) + v;
                joint[key2] = joint.GetValueOrDefault(key2) + v;
            }
        }

        var keys = new long[joint.Count];
        joint.Keys.CopyTo(keys, 0);
        Array.Sort(keys);
        var rowStart = new int[n + 1];
        var column = new int[keys.Length];
        var value = new double[keys.Length];
        double total = 0;
        foreach (double v in joint.Values)
        {
            total += v;
        }

        for (int e = 0; e < keys.Length; e++)
        {
            int i = (int)(keys[e] / n);
            column[e] = (int)(keys[e] % n);
            value[e] = Math.Max(joint[keys[e]] / total, double.Epsilon);
            rowStart[i + 1]++;
        }

        for (int i = 0; i < n; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }

        return new Affinities(rowStart, column, value);
    }

    /// <summary>Conditional probabilities p(j|i) over the sorted neighbour distances whose entropy (nats) matches the target.</summary>
    private static double[] Bandwidth(ReadOnlySpan<double> squaredDistances, double targetEntropy)
    {
        int k = squaredDistances.Length;
        var p = new double[k];
        double nearest = squaredDistances[0];
        double beta = 1;
        double low = double.NegativeInfinity;
        double high = double.PositiveInfinity;
        for (int step = 0; step < 200; step++)
        {
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < k; j++)
            {
                double shifted = squaredDistances[j] - nearest;
                p[j] = Math.Exp(-shifted * beta);
                sum += p[j];
                weighted += shifted * p[j];
            }

            double entropy = Math.Log(sum) + beta * weighted / sum;
            for (int j = 0; j < k; j++)
            {
                p[j] /= sum;
            }

            double gap = entropy - targetEntropy;
            if (Math.Abs(gap) < 1e-5)
            {
                break;
            }

            if (gap > 0)
            {
                low = beta;
                beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2;
            }
            else
            {
                high = beta;
                beta = double.IsNegativeInfinity(low) ? beta / 2 : (beta + low) / 2;
            }
        }

        return p;
    }

    private (double[] X, double[] Y) Initialize(double[][] x, int n)
    {
        var yx = new double[n];
        var yy = new double[n];
        if (_options.Init == TSneInit.Pca && x[0].Length >= 2)
        {
            var pca = new Pca(new PcaOptions { Components = 2 }).Fit(x);
            double[][] projected = pca.Transform(x, 2);
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += projected[i][0];
            }

            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++)
            {
                variance += (projected[i][0] - mean) * (projected[i][0] - mean);
            }

            double sd = Math.Sqrt(variance / n);
            double scale = sd > 0 ? 1e-4 / sd : 1;
            for (int i = 0; i < n; i++)
            {
                yx[i] = projected[i][0] * scale;
                yy[i] = projected[i][1] * scale;
            }

            return (yx, yy);
        }

        var random = new Random(_options.Seed);
        for (int i = 0; i < n; i++)
        {
            yx[i] = 1e-4 * Gaussian(random);
            yy[i] = 1e-4 * Gaussian(random);
        }

        return (yx, yy);
    }

    private static double Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private void Optimize(Affinities p, double[] yx, double[] yy)
    {
        int n = yx.Length;
        double rate = _options.LearningRate ?? Math.Max(n / _options.EarlyExaggeration / 4, 50);
        var gx = new double[n];
        var gy = new double[n];
        var ux = new double[n];
        var uy = new double[n];
        var gainX = new double[n];
        var gainY = new double[n];
        Array.Fill(gainX, 1.0);
        Array.Fill(gainY, 1.0);
        var rowZ = new double[n];
        for (int iteration = 0; iteration < _options.Iterations; iteration++)
        {
            bool early = iteration < _options.ExaggerationIterations;
            double exaggeration = early ? _options.EarlyExaggeration : 1;
            double momentum = early ? _options.InitialMomentum : _options.FinalMomentum;
            Gradient(p, yx, yy, exaggeration, gx, gy, rowZ);
            Step(yx, gx, ux, gainX, momentum, rate);
            Step(yy, gy, uy, gainY, momentum, rate);
        }
    }

    private static void Step(double[] y, double[] gradient, double[] update, double[] gains, double momentum, double rate)
    {
        for (int i = 0; i < y.Length; i++)
        {
            bool sameSign = gradient[i] > 0 == update[i] > 0;
            gains[i] = sameSign ? Math.Max(gains[i] * 0.8, 0.01) : gains[i] + 0.2;
            update[i] = momentum * update[i] - rate * gains[i] * gradient[i];
            y[i] += update[i];
        }
    }

    /// <summary>
    /// KL gradient 4 * sum_j (e * p_ij - w_ij / Z) w_ij (y_i - y_j), w_ij = 1 / (1 + |y_i - y_j|^2), Z = sum w.
    /// </summary>
    internal static void Gradient(Affinities p, double[] yx, double[] yy, double exaggeration, double[] gx, double[] gy, double[] rowZ)
    {
        int n = yx.Length;
        float[] fx = ToSingle(yx);
        float[] fy = ToSingle(yy);
        int chunks = Math.Min(n, Environment.ProcessorCount * 8);
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)n * chunk / chunks);
            int end = (int)((long)n * (chunk + 1) / chunks);
            for (int i = start; i < end; i++)
            {
                Repulsion(fx, fy, i, out double z, out double rx, out double ry);
                rowZ[i] = z;
                gx[i] = rx;
                gy[i] = ry;
            }
        });

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += rowZ[i];
        }

        double inverseZ = 1.0 / total;
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)n * chunk / chunks);
            int end = (int)((long)n * (chunk + 1) / chunks);
            for (int i = start; i < end; i++)
            {
                double ax = 0;
                double ay = 0;
                for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
                {
                    int j = p.Column[e];
                    double dx = yx[i] - yx[j];
                    double dy = yy[i] - yy[j];
                    double w = 1.0 / (1.0 + dx * dx + dy * dy);
                    double f = p.Value[e] * w;
                    ax += f * dx;
                    ay += f * dy;
                }

                gx[i] = 4 * (exaggeration * ax - inverseZ * gx[i]);
                gy[i] = 4 * (exaggeration * ay - inverseZ * gy[i]);
            }
        });
    }

    /// <summary>
    /// Sum over j != i of w_ij (returned as z) and of w_ij^2 (y_i - y_j), in single precision (the positions
    /// are copied to float first; per-row sums are returned in double), the widest vectors the CPU offers.
    /// </summary>
    private static void Repulsion(float[] fx, float[] fy, int i, out double z, out double rx, out double ry)
    {
        int n = fx.Length;
        float xi = fx[i];
        float yi = fy[i];
        int width = Vector<float>.Count;
        var vz = Vector<float>.Zero;
        var vrx = Vector<float>.Zero;
        var vry = Vector<float>.Zero;
        var vxi = new Vector<float>(xi);
        var vyi = new Vector<float>(yi);
        var one = Vector<float>.One;
        int j = 0;
        for (; j <= n - width; j += width)
        {
            var dx = vxi - new Vector<float>(fx, j);
            var dy = vyi - new Vector<float>(fy, j);
            var w = one / (one + dx * dx + dy * dy);
            var w2 = w * w;
            vz += w;
            vrx += w2 * dx;
            vry += w2 * dy;
        }

        z = Vector.Sum(vz);
        rx = Vector.Sum(vrx);
        ry = Vector.Sum(vry);
        for (; j < n; j++)
        {
            double dx = xi - fx[j];
            double dy = yi - fy[j];
            double w = 1.0 / (1.0 + dx * dx + dy * dy);
            z += w;
            rx += w * w * dx;
            ry += w * w * dy;
        }

        z -= 1.0;
    }

    private static float[] ToSingle(double[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }

    private static double KlDivergence(Affinities p, double[] yx, double[] yy)
    {
        int n = yx.Length;
        var rowZ = new double[n];
        float[] fx = ToSingle(yx);
        float[] fy = ToSingle(yy);
        Parallel.For(0, n, i =>
        {
            Repulsion(fx, fy, i, out double z, out _, out _);
            rowZ[i] = z;
        });
        double total = 0;
        foreach (double z in rowZ)
        {
            total += z;
        }

        double kl = 0;
        for (int i = 0; i < n; i++)
        {
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                int j = p.Column[e];
                double dx = yx[i] - yx[j];
                double dy = yy[i] - yy[j];
                double q = 1.0 / (1.0 + dx * dx + dy * dy) / total;
                kl += p.Value[e] * Math.Log(p.Value[e] / Math.Max(q, double.Epsilon));
            }
        }

        return kl;
    }
}
