namespace EdgeSound.Learning.Neural;

/// <summary>
/// Depthwise 3×3 convolution (one filter per channel, ONNX Conv with group = channels), stride 1, zero padding 1,
/// channels-last: y[p, c] = Σ over the taps t that fall inside the map of w[t, c] · x[p + offset(t), c] (+ b[c]).
/// Weights are [9, C] with taps ordered (ky, kx), the [rows, Cout] layout every <see cref="ConvolutionLayer"/> shares.
/// Gradients: dw[t, c] = Σp x[p + offset(t), c] · dy[p, c]; dx[p + offset(t), c] += w[t, c] · dy[p, c].
/// The depthwise half of a depthwise-separable block (Howard et al. 2017, MobileNets, arXiv:1704.04861).
/// </summary>
public sealed class DepthwiseConv2D : ConvolutionLayer
{
    private const int Taps = 9;

    private readonly int[] _outputOffsets;
    private readonly int[] _inputOffsets;
    private readonly int[] _weightOffsets;
    private float[][]? _weightGrads;

    public DepthwiseConv2D(FeatureShape input, bool bias, bool computeInputGradient, string name)
        : base(input, input.Channels, Taps, bias, computeInputGradient, name)
    {
        (_outputOffsets, _inputOffsets, _weightOffsets) = TapTable(input);
    }

    public override ConvolutionKind Kind => ConvolutionKind.Depthwise;

    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int size = InputShape.Size, c = InputShape.Channels;
        float[] w = Weights.Value;
        float[]? bias = Bias?.Value;
        workers.For(batch, (_, start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                ReadOnlySpan<float> x = input.AsSpan(n * size, size);
                Span<float> y = output.AsSpan(n * size, size);
                y.Clear();
                for (int i = 0; i < _outputOffsets.Length; i++)
                {
                    VectorOps.MultiplyAdd(x.Slice(_inputOffsets[i], c), w.AsSpan(_weightOffsets[i], c), y.Slice(_outputOffsets[i], c));
                }

                if (bias is not null)
                {
                    Conv2D.AddBias(y, bias);
                }
            }
        });
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        int size = InputShape.Size, c = InputShape.Channels;
        bool wantInput = ComputeInputGradient && inputGradient is not null;
        float[] w = Weights.Value;
        float[][] weightGrads = WorkerBuffers(ref _weightGrads, workers.Count, (Taps + 1) * c);
        int used = Math.Min(workers.Count, batch);
        workers.For(batch, (worker, start, end) =>
        {
            float[] dW = weightGrads[worker];
            Array.Clear(dW, 0, (Taps + 1) * c);
            for (int n = start; n < end; n++)
            {
                ReadOnlySpan<float> x = input.AsSpan(n * size, size);
                ReadOnlySpan<float> dy = outputGradient.AsSpan(n * size, size);
                Span<float> dx = wantInput ? inputGradient.AsSpan(n * size, size) : [];
                dx.Clear();
                for (int i = 0; i < _outputOffsets.Length; i++)
                {
                    ReadOnlySpan<float> g = dy.Slice(_outputOffsets[i], c);
                    VectorOps.MultiplyAdd(x.Slice(_inputOffsets[i], c), g, dW.AsSpan(_weightOffsets[i], c));
                    if (wantInput)
                    {
                        VectorOps.MultiplyAdd(w.AsSpan(_weightOffsets[i], c), g, dx.Slice(_inputOffsets[i], c));
                    }
                }

                Conv2D.SumRows(dy, c, dW.AsSpan(Taps * c, c));
            }
        });

        ReduceGradients(weightGrads, used);
    }

    /// <summary>Every (output pixel, tap) pair whose input pixel lies inside the map, as value offsets into the
    /// output map, the input map and the weights.</summary>
    private static (int[] Outputs, int[] Inputs, int[] Weights) TapTable(FeatureShape shape)
    {
        int h = shape.Height, wdt = shape.Width, c = shape.Channels;
        List<int> outputs = [], inputs = [], weights = [];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < wdt; x++)
            {
                for (int ky = 0; ky < 3; ky++)
                {
                    for (int kx = 0; kx < 3; kx++)
                    {
                        int sy = y + ky - 1, sx = x + kx - 1;
                        if (sy < 0 || sy >= h || sx < 0 || sx >= wdt)
                        {
                            continue;
                        }

                        outputs.Add((y * wdt + x) * c);
                        inputs.Add((sy * wdt + sx) * c);
                        weights.Add((ky * 3 + kx) * c);
                    }
                }
            }
        }

        return ([.. outputs], [.. inputs], [.. weights]);
    }
}
