namespace EdgeSound.Learning.Neural;

/// <summary>
/// k×k convolution (k = 3, or 1 for a pointwise convolution), stride 1, zero padding (k - 1) / 2 ("same" output
/// size), channels-last. Weights are stored as a [K, Cout] matrix with K = k·k·Cin ordered (ky, kx, cin), so that with the im2col matrix
/// of a sample, Col[pixels, K], the output is the plain product Y[pixels, Cout] = Col · W. In channels-last
/// layout each im2col row is three contiguous runs of 3·Cin input values, one per kernel row.
/// Gradients: dW = Colᵀ · dY (A addressed transposed), dCol = dY · Wᵀ, then col2im adds dCol back into dX.
/// </summary>
public sealed class Conv2D : ConvolutionLayer
{
    private readonly int _kernel;
    private float[][]? _cols;
    private float[][]? _colGrads;
    private float[][]? _weightGrads;
    private float[] _transposed = [];

    /// <param name="kernel">3, or 1 for a pointwise convolution (no im2col: the input map is the patch matrix).</param>
    public Conv2D(FeatureShape input, int outChannels, bool bias, bool computeInputGradient, string name, int kernel = 3)
        : base(input, outChannels, kernel * kernel * input.Channels, bias, computeInputGradient, name)
    {
        if (kernel is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Conv2D supports 3x3 and 1x1 kernels.");
        }

        _kernel = kernel;
    }

    public override ConvolutionKind Kind => _kernel == 1 ? ConvolutionKind.Pointwise : ConvolutionKind.Standard;

    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int pixels = InputShape.Pixels;
        int cout = OutputShape.Channels;
        float[][] cols = WorkerBuffers(ref _cols, workers.Count, _kernel == 1 ? 1 : pixels * PatchLength);
        float[] w = Weights.Value;
        float[]? bias = Bias?.Value;
        workers.For(batch, (worker, start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                ReadOnlySpan<float> col = Patches(input.AsSpan(n * InputShape.Size, InputShape.Size), cols[worker]);
                Span<float> y = output.AsSpan(n * OutputShape.Size, OutputShape.Size);
                Gemm.Multiply(pixels, cout, PatchLength, col, PatchLength, 1, w, cout, y, cout, accumulate: false);
                if (bias is not null)
                {
                    AddBias(y, bias);
                }
            }
        });
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        int pixels = InputShape.Pixels;
        int cout = OutputShape.Channels;
        int k = PatchLength;
        bool wantInput = ComputeInputGradient && inputGradient is not null;
        float[][] cols = WorkerBuffers(ref _cols, workers.Count, _kernel == 1 ? 1 : pixels * k);
        float[][] colGrads = WorkerBuffers(ref _colGrads, workers.Count, wantInput && _kernel != 1 ? pixels * k : 1);
        float[][] weightGrads = WorkerBuffers(ref _weightGrads, workers.Count, k * cout + cout);
        if (wantInput)
        {
            TransposeWeights();
        }

        float[] wt = _transposed;
        int used = Math.Min(workers.Count, batch);
        workers.For(batch, (worker, start, end) =>
        {
            float[] dW = weightGrads[worker];
            Array.Clear(dW, 0, k * cout + cout);
            for (int n = start; n < end; n++)
            {
                ReadOnlySpan<float> dy = outputGradient.AsSpan(n * OutputShape.Size, OutputShape.Size);
                ReadOnlySpan<float> col = Patches(input.AsSpan(n * InputShape.Size, InputShape.Size), cols[worker]);
                Gemm.Multiply(k, cout, pixels, col, 1, k, dy, cout, dW, cout, accumulate: true);
                SumRows(dy, cout, dW.AsSpan(k * cout, cout));
                if (wantInput)
                {
                    Span<float> dx = inputGradient.AsSpan(n * InputShape.Size, InputShape.Size);
                    if (_kernel == 1)
                    {
                        Gemm.Multiply(pixels, k, cout, dy, cout, 1, wt, k, dx, k, accumulate: false);
                    }
                    else
                    {
                        float[] dcol = colGrads[worker];
                        Gemm.Multiply(pixels, k, cout, dy, cout, 1, wt, k, dcol, k, accumulate: false);
                        Col2Im(dcol, dx);
                    }
                }
            }
        });

        ReduceGradients(weightGrads, used);
    }

    /// <summary>The [pixels, K] patch matrix of one sample: the sample itself for a 1×1 kernel, else its im2col in <paramref name="buffer"/>.</summary>
    private ReadOnlySpan<float> Patches(ReadOnlySpan<float> x, float[] buffer)
    {
        if (_kernel == 1)
        {
            return x;
        }

        Im2Col(x, buffer);
        return buffer;
    }

    /// <summary>Writes the [pixels, K] patch matrix of one channels-last sample (zero outside the map); 3×3 kernels only.</summary>
    public void Im2Col(ReadOnlySpan<float> x, Span<float> col)
    {
        if (_kernel != 3)
        {
            throw new InvalidOperationException($"{Name}: a 1x1 convolution has no im2col; its input is its patch matrix.");
        }

        int h = InputShape.Height, wdt = InputShape.Width, cin = InputShape.Channels;
        int run = Kernel * cin;
        int k = PatchLength;
        for (int y = 0; y < h; y++)
        {
            for (int xx = 0; xx < wdt; xx++)
            {
                Span<float> row = col.Slice((y * wdt + xx) * k, k);
                for (int ky = 0; ky < Kernel; ky++)
                {
                    Span<float> dst = row.Slice(ky * run, run);
                    int sy = y + ky - 1;
                    if (sy < 0 || sy >= h)
                    {
                        dst.Clear();
                        continue;
                    }

                    int x0 = xx - 1;
                    int first = x0 < 0 ? 1 : 0;
                    int last = x0 + Kernel > wdt ? Kernel - 1 : Kernel;
                    if (first > 0)
                    {
                        dst[..cin].Clear();
                    }

                    if (last < Kernel)
                    {
                        dst[((Kernel - 1) * cin)..].Clear();
                    }

                    x.Slice((sy * wdt + x0 + first) * cin, (last - first) * cin).CopyTo(dst[(first * cin)..]);
                }
            }
        }
    }

    /// <summary>Overwrites dx with the sum of the patch gradients that read each input value.</summary>
    private void Col2Im(ReadOnlySpan<float> dcol, Span<float> dx)
    {
        int h = InputShape.Height, wdt = InputShape.Width, cin = InputShape.Channels;
        int run = Kernel * cin;
        int k = PatchLength;
        dx.Clear();
        for (int y = 0; y < h; y++)
        {
            for (int xx = 0; xx < wdt; xx++)
            {
                ReadOnlySpan<float> row = dcol.Slice((y * wdt + xx) * k, k);
                for (int ky = 0; ky < Kernel; ky++)
                {
                    int sy = y + ky - 1;
                    if (sy < 0 || sy >= h)
                    {
                        continue;
                    }

                    int x0 = xx - 1;
                    int first = x0 < 0 ? 1 : 0;
                    int last = x0 + Kernel > wdt ? Kernel - 1 : Kernel;
                    Add(row.Slice(ky * run + first * cin, (last - first) * cin), dx.Slice((sy * wdt + x0 + first) * cin, (last - first) * cin));
                }
            }
        }
    }

    private void TransposeWeights()
    {
        int k = PatchLength, cout = OutputShape.Channels;
        if (_transposed.Length != k * cout)
        {
            _transposed = new float[k * cout];
        }

        float[] w = Weights.Value;
        for (int i = 0; i < k; i++)
        {
            for (int o = 0; o < cout; o++)
            {
                _transposed[o * k + i] = w[i * cout + o];
            }
        }
    }

    internal static void AddBias(Span<float> y, ReadOnlySpan<float> bias)
    {
        int c = bias.Length;
        for (int p = 0; p < y.Length; p += c)
        {
            Add(bias, y.Slice(p, c));
        }
    }

    internal static void SumRows(ReadOnlySpan<float> x, int width, Span<float> sum)
    {
        for (int p = 0; p < x.Length; p += width)
        {
            Add(x.Slice(p, width), sum);
        }
    }

    /// <summary>y += x.</summary>
    internal static void Add(ReadOnlySpan<float> x, Span<float> y)
    {
        VectorOps.Add(x, y);
    }

    internal static void ReduceWorkers(float[][] partials, int used, int length, float[] target)
    {
        partials[0].AsSpan(0, length).CopyTo(target);
        for (int w = 1; w < used; w++)
        {
            Add(partials[w].AsSpan(0, length), target);
        }
    }

    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
