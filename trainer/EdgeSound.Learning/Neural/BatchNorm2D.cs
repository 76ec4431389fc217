using System.Runtime.Intrinsics;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// Batch normalisation per channel over all samples and pixels of a mini-batch (channels-last rows).
/// Training normalises with the batch statistics and updates running averages (momentum 0.1, unbiased variance);
/// inference uses the running averages, and export folds <see cref="FoldedScale"/>/<see cref="FoldedShift"/>
/// into the preceding convolution.
/// </summary>
public sealed class BatchNorm2D : Layer
{
    public const float Epsilon = 1e-5f;
    public const float Momentum = 0.1f;

    private readonly Parameter _gamma;
    private readonly Parameter _beta;
    private readonly float[] _mean;
    private readonly float[] _invStd;
    private readonly float[] _scale;
    private readonly float[] _shift;

    public BatchNorm2D(FeatureShape shape, string name)
        : base(shape, shape)
    {
        int c = shape.Channels;
        _gamma = new Parameter(name + ".gamma", c, decay: false);
        _beta = new Parameter(name + ".beta", c, decay: false);
        Array.Fill(_gamma.Value, 1f);
        RunningMean = new float[c];
        RunningVariance = new float[c];
        Array.Fill(RunningVariance, 1f);
        _mean = new float[c];
        _invStd = new float[c];
        _scale = new float[c];
        _shift = new float[c];
        Parameters = [_gamma, _beta];
    }

    public Parameter Gamma => _gamma;

    public Parameter Beta => _beta;

    public float[] RunningMean { get; }

    public float[] RunningVariance { get; }

    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Inference-time per-channel multiplier gamma / sqrt(var + eps).</summary>
    public float[] FoldedScale()
    {
        var s = new float[RunningMean.Length];
        for (int c = 0; c < s.Length; c++)
        {
            s[c] = _gamma.Value[c] / MathF.Sqrt(RunningVariance[c] + Epsilon);
        }

        return s;
    }

    /// <summary>Inference-time per-channel offset beta - mean · scale.</summary>
    public float[] FoldedShift()
    {
        float[] s = FoldedScale();
        var b = new float[s.Length];
        for (int c = 0; c < s.Length; c++)
        {
            b[c] = _beta.Value[c] - RunningMean[c] * s[c];
        }

        return b;
    }

    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int c = InputShape.Channels;
        int size = InputShape.Size;
        if (training)
        {
            long rows = (long)batch * InputShape.Pixels;
            var sums = new double[workers.Count][];
            var sumSqs = new double[workers.Count][];
            float[] shift = RunningMean;
            workers.For(batch, (w, start, end) =>
            {
                var s = new double[c];
                var q = new double[c];
                VectorOps.ColumnSums(input.AsSpan(start * size, (end - start) * size), c, shift, s, q);
                sums[w] = s;
                sumSqs[w] = q;
            });

            for (int ch = 0; ch < c; ch++)
            {
                double s = 0, q = 0;
                for (int w = 0; w < sums.Length; w++)
                {
                    if (sums[w] is not null)
                    {
                        s += sums[w][ch];
                        q += sumSqs[w][ch];
                    }
                }

                double mean = s / rows;
                double d = mean - shift[ch];
                double variance = Math.Max(q / rows - d * d, 0.0);
                _mean[ch] = (float)mean;
                _invStd[ch] = (float)(1.0 / Math.Sqrt(variance + Epsilon));
                _scale[ch] = _gamma.Value[ch] * _invStd[ch];
                _shift[ch] = _beta.Value[ch] - _mean[ch] * _scale[ch];
                double unbiased = rows > 1 ? variance * rows / (rows - 1) : variance;
                RunningMean[ch] = (1 - Momentum) * RunningMean[ch] + Momentum * (float)mean;
                RunningVariance[ch] = (1 - Momentum) * RunningVariance[ch] + Momentum * (float)unbiased;
            }
        }
        else
        {
            for (int ch = 0; ch < c; ch++)
            {
                _scale[ch] = _gamma.Value[ch] / MathF.Sqrt(RunningVariance[ch] + Epsilon);
                _shift[ch] = _beta.Value[ch] - RunningMean[ch] * _scale[ch];
            }
        }

        float[] scale = _scale, offset = _shift;
        workers.For(batch, (_, start, end) =>
            Affine(input.AsSpan(start * size, (end - start) * size), output.AsSpan(start * size, (end - start) * size), scale, offset));
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        int c = InputShape.Channels;
        int size = InputShape.Size;
        double rows = (double)batch * InputShape.Pixels;
        var sumDy = new double[workers.Count][];
        var sumDyX = new double[workers.Count][];
        workers.For(batch, (w, start, end) =>
        {
            var s = new double[c];
            var q = new double[c];
            DotSums(input.AsSpan(start * size, (end - start) * size), outputGradient.AsSpan(start * size, (end - start) * size), c, s, q);
            sumDy[w] = s;
            sumDyX[w] = q;
        });

        var a = new float[c];
        var b = new float[c];
        var k = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            double dBeta = 0, dyx = 0;
            for (int w = 0; w < sumDy.Length; w++)
            {
                if (sumDy[w] is not null)
                {
                    dBeta += sumDy[w][ch];
                    dyx += sumDyX[w][ch];
                }
            }

            double invStd = _invStd[ch];
            double mean = _mean[ch];
            double dGamma = invStd * (dyx - mean * dBeta);
            _gamma.Gradient[ch] = (float)dGamma;
            _beta.Gradient[ch] = (float)dBeta;
            double g = _gamma.Value[ch] * invStd;
            double slope = -g * invStd * dGamma / rows;
            a[ch] = (float)g;
            b[ch] = (float)slope;
            k[ch] = (float)(-g * dBeta / rows - slope * mean);
        }

        if (inputGradient is null)
        {
            return;
        }

        workers.For(batch, (_, start, end) =>
        {
            ReadOnlySpan<float> x = input.AsSpan(start * size, (end - start) * size);
            ReadOnlySpan<float> dy = outputGradient.AsSpan(start * size, (end - start) * size);
            Span<float> dx = inputGradient.AsSpan(start * size, (end - start) * size);
            for (int p = 0; p < x.Length; p += c)
            {
                int ch = 0;
                for (; ch + 16 <= c; ch += 16)
                {
                    Vector512<float> v = Vector512.FusedMultiplyAdd(Vector512.Create(a.AsSpan(ch, 16)), Vector512.Create(dy.Slice(p + ch, 16)),
                        Vector512.FusedMultiplyAdd(Vector512.Create(b.AsSpan(ch, 16)), Vector512.Create(x.Slice(p + ch, 16)), Vector512.Create(k.AsSpan(ch, 16))));
                    v.CopyTo(dx.Slice(p + ch, 16));
                }

                for (; ch < c; ch++)
                {
                    dx[p + ch] = a[ch] * dy[p + ch] + b[ch] * x[p + ch] + k[ch];
                }
            }
        });
    }

    /// <summary>y[r, c] = x[r, c] · scale[c] + shift[c].</summary>
    internal static void Affine(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift)
    {
        int c = scale.Length;
        for (int p = 0; p < x.Length; p += c)
        {
            int ch = 0;
            for (; ch + 16 <= c; ch += 16)
            {
                Vector512.FusedMultiplyAdd(Vector512.Create(x.Slice(p + ch, 16)), Vector512.Create(scale.Slice(ch, 16)), Vector512.Create(shift.Slice(ch, 16)))
                    .CopyTo(y.Slice(p + ch, 16));
            }

            for (; ch < c; ch++)
            {
                y[p + ch] = x[p + ch] * scale[ch] + shift[ch];
            }
        }
    }

    private static void DotSums(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int width, Span<double> sumDy, Span<double> sumDyX)
    {
        Span<float> s = stackalloc float[width];
        Span<float> q = stackalloc float[width];
        s.Clear();
        q.Clear();
        int rows = x.Length / width;
        for (int r = 0; r < rows; r++)
        {
            int o = r * width;
            int c = 0;
            for (; c + 16 <= width; c += 16)
            {
                Vector512<float> g = Vector512.Create(dy.Slice(o + c, 16));
                (Vector512.Create(s.Slice(c, 16)) + g).CopyTo(s.Slice(c, 16));
                Vector512.FusedMultiplyAdd(g, Vector512.Create(x.Slice(o + c, 16)), Vector512.Create(q.Slice(c, 16))).CopyTo(q.Slice(c, 16));
            }

            for (; c < width; c++)
            {
                s[c] += dy[o + c];
                q[c] += dy[o + c] * x[o + c];
            }

            if ((r & 63) == 63 || r == rows - 1)
            {
                for (int j = 0; j < width; j++)
                {
                    sumDy[j] += s[j];
                    sumDyX[j] += q[j];
                }

                s.Clear();
                q.Clear();
            }
        }
    }
}
