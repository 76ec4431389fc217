namespace EdgeSound.Learning.Neural;

/// <summary>
/// One quantized weight layer. Convolution weights keep the engine's [K, Cout] layout (K ordered ky, kx, cin);
/// dense weights are [in, out]. Each output channel c has a symmetric weight scale, real weight =
/// <c>Weights · WeightScales[c]</c>; the int32 bias has scale <c>InputScale · WeightScales[c]</c> (<see cref="BiasScales"/>),
/// as ONNX QDQ requires for a bias feeding an int8 convolution.
/// </summary>
public sealed record QuantizedLayer(sbyte[] Weights, float[] WeightScales, int[] Bias, float[] BiasScales, float InputScale, int Inputs, int Outputs);

/// <summary>
/// The int8 model and its exact simulation. Batch norm is folded into the convolutions; weights are int8 per output
/// channel (symmetric, [-127, 127]); every activation that feeds a weight layer is uint8 with zero point 0 and a
/// per-tensor scale calibrated as max / 255 on training crops (they all follow a ReLU, so none is negative); the
/// input is the int8 frame value times <see cref="CnnArchitecture.InputScale"/>. <see cref="Score"/> computes what the
/// exported QDQ graph computes: float arithmetic on dequantized values, and QuantizeLinear rounding (half to even,
/// saturating) wherever the graph quantizes.
/// </summary>
public sealed class QuantizedCnn : IBatchScorer
{
    private readonly ConvolutionLayer[] _convs;
    private readonly Relu[] _relus;
    private readonly MaxPool2?[] _pools;
    private readonly Layer _gap;
    private readonly Dense _head;
    private float[][] _buffers = [];
    private int _capacity;

    private QuantizedCnn(CnnArchitecture architecture, ConvolutionLayer[] convs, Relu[] relus, MaxPool2?[] pools, Layer gap, Dense head)
    {
        Architecture = architecture;
        _convs = convs;
        _relus = relus;
        _pools = pools;
        _gap = gap;
        _head = head;
        Convolutions = [];
        Head = new QuantizedLayer([], [], [], [], 0, 0, 0);
        ActivationScales = [];
    }

    public CnnArchitecture Architecture { get; }

    public IReadOnlyList<QuantizedLayer> Convolutions { get; private set; }

    public QuantizedLayer Head { get; private set; }

    /// <summary>uint8 scale of each convolution unit's output (after ReLU and pooling), then of the global-average-pool output.</summary>
    public IReadOnlyList<float> ActivationScales { get; private set; }

    /// <summary>Bytes of int8 weights plus int32 biases (the bulk of the exported file).</summary>
    public long ParameterBytes
    {
        get
        {
            long n = Head.Weights.Length + 4L * Head.Bias.Length;
            foreach (QuantizedLayer l in Convolutions)
            {
                n += l.Weights.Length + 4L * l.Bias.Length;
            }

            return n;
        }
    }

    /// <summary>
    /// Folds batch norm, calibrates activation scales on <paramref name="count"/> calibration windows (int8 values times
    /// InputScale, no augmentation) and quantizes the weights.
    /// </summary>
    public static QuantizedCnn Quantize(CnnModel model, float[] calibration, int count, Workers workers)
    {
        CnnArchitecture arch = model.Architecture;
        if (count < 1 || calibration.Length < count * arch.InputShape.Size)
        {
            throw new ArgumentException($"Calibration needs at least one window; got {count} windows in {calibration.Length} values.", nameof(calibration));
        }

        int units = model.Units.Count;
        var convs = new ConvolutionLayer[units];
        var relus = new Relu[units];
        var pools = new MaxPool2?[units];
        var foldedWeights = new float[units][];
        var foldedBias = new float[units][];
        for (int b = 0; b < units; b++)
        {
            ConvUnit unit = model.Units[b];
            ConvolutionLayer source = unit.Conv;
            int cout = source.OutputShape.Channels;
            float[] scale = unit.Norm.FoldedScale();
            float[] shift = unit.Norm.FoldedShift();
            convs[b] = ConvolutionLayer.Create(source.Kind, source.InputShape, cout, bias: true, computeInputGradient: false, name: source.Name);
            relus[b] = new Relu(source.OutputShape);
            pools[b] = unit.Pool is null ? null : new MaxPool2(source.OutputShape);
            foldedWeights[b] = new float[source.Weights.Value.Length];
            for (int i = 0; i < foldedWeights[b].Length; i++)
            {
                foldedWeights[b][i] = source.Weights.Value[i] * scale[i % cout];
            }

            foldedBias[b] = shift;
            foldedWeights[b].CopyTo(convs[b].Weights.Value, 0);
            shift.CopyTo(convs[b].Bias!.Value, 0);
        }

        Layer gap = arch.GlobalPooling.Create(model.Pooling.InputShape);
        var head = new Dense(model.Head.InputShape, model.Head.Outputs, "dense");
        model.Head.Weights.Value.CopyTo(head.Weights.Value, 0);
        model.Head.Bias.Value.CopyTo(head.Bias.Value, 0);
        var q = new QuantizedCnn(arch, convs, relus, pools, gap, head);

        var maxima = new float[units + 1];
        int size = arch.InputShape.Size;
        for (int first = 0; first < count; first += ClipEvaluator.Batch)
        {
            int n = Math.Min(ClipEvaluator.Batch, count - first);
            float[] batch = calibration.AsSpan(first * size, n * size).ToArray();
            q.Run(batch, n, workers, null, maxima);
        }

        var activationScales = new float[units + 1];
        for (int i = 0; i < maxima.Length; i++)
        {
            activationScales[i] = maxima[i] > 0 ? maxima[i] / 255f : 1f;
        }

        var layers = new QuantizedLayer[units];
        float inputScale = arch.InputScale;
        for (int b = 0; b < units; b++)
        {
            layers[b] = QuantizeWeights(foldedWeights[b], foldedBias[b], inputScale, convs[b].PatchLength, convs[b].OutputShape.Channels);
            Dequantize(layers[b], convs[b].Weights.Value, convs[b].Bias!.Value);
            inputScale = activationScales[b];
        }

        QuantizedLayer headLayer = QuantizeWeights(model.Head.Weights.Value, model.Head.Bias.Value, activationScales[units], head.Inputs, head.Outputs);
        Dequantize(headLayer, head.Weights.Value, head.Bias.Value);
        q.Convolutions = layers;
        q.Head = headLayer;
        q.ActivationScales = activationScales;
        return q;
    }

    public void Score(float[] input, int batch, Span<float> probabilities, Workers workers)
    {
        if (ActivationScales.Count == 0)
        {
            throw new InvalidOperationException("QuantizedCnn has not been calibrated.");
        }

        float[] logits = Run(input, batch, workers, ActivationScales, null);
        SoftmaxCrossEntropy.Softmax(logits.AsSpan(0, batch * Architecture.Classes), probabilities[..(batch * Architecture.Classes)], Architecture.Classes);
    }

    /// <summary>QuantizeLinear then DequantizeLinear to uint8 with zero point 0: clamp(round_half_even(x / s), 0, 255) · s.</summary>
    public static float FakeQuantize(float x, float scale) => Math.Clamp(MathF.Round(x / scale), 0f, 255f) * scale;

    /// <summary>
    /// Forward pass. With <paramref name="scales"/> the activations are fake-quantized after every convolution unit and after
    /// global pooling; with <paramref name="maxima"/> their running maxima are recorded instead (calibration).
    /// </summary>
    private float[] Run(float[] input, int batch, Workers workers, IReadOnlyList<float>? scales, float[]? maxima)
    {
        Ensure(batch);
        float[] x = input;
        int buffer = 0;
        for (int b = 0; b < _convs.Length; b++)
        {
            float[] y = _buffers[buffer++];
            _convs[b].Forward(x, y, batch, training: false, workers);
            _relus[b].Forward(y, y, batch, training: false, workers);
            x = y;
            if (_pools[b] is { } pool)
            {
                float[] p = _buffers[buffer++];
                pool.Forward(x, p, batch, training: false, workers);
                x = p;
            }

            Activation(x, batch * (_pools[b]?.OutputShape ?? _relus[b].OutputShape).Size, b, scales, maxima, workers);
        }

        float[] g = _buffers[buffer++];
        _gap.Forward(x, g, batch, training: false, workers);
        Activation(g, batch * _gap.OutputShape.Size, _convs.Length, scales, maxima, workers);
        float[] logits = _buffers[buffer];
        _head.Forward(g, logits, batch, training: false, workers);
        return logits;
    }

    private static void Activation(float[] x, int length, int index, IReadOnlyList<float>? scales, float[]? maxima, Workers workers)
    {
        if (maxima is not null)
        {
            float max = maxima[index];
            for (int i = 0; i < length; i++)
            {
                max = MathF.Max(max, x[i]);
            }

            maxima[index] = max;
        }

        if (scales is not null)
        {
            float s = scales[index];
            workers.For(length, (_, start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    x[i] = FakeQuantize(x[i], s);
                }
            });
        }
    }

    private void Ensure(int batch)
    {
        if (batch <= _capacity)
        {
            return;
        }

        var buffers = new List<float[]>();
        for (int b = 0; b < _convs.Length; b++)
        {
            buffers.Add(new float[batch * _convs[b].OutputShape.Size]);
            if (_pools[b] is { } pool)
            {
                buffers.Add(new float[batch * pool.OutputShape.Size]);
            }
        }

        buffers.Add(new float[batch * _gap.OutputShape.Size]);
        buffers.Add(new float[batch * _head.OutputShape.Size]);
        _buffers = [.. buffers];
        _capacity = batch;
    }

    /// <summary>Symmetric per-output-channel int8 weights ([rows, outputs] layout) and int32 bias at scale inputScale · weightScale.</summary>
    private static QuantizedLayer QuantizeWeights(float[] weights, float[] bias, float inputScale, int rows, int outputs)
    {
        var weightScales = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            float max = 0;
            for (int r = 0; r < rows; r++)
            {
                max = MathF.Max(max, MathF.Abs(weights[r * outputs + o]));
            }

            weightScales[o] = max > 0 ? max / 127f : 1f;
        }

        var q = new sbyte[weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            q[i] = (sbyte)Math.Clamp(MathF.Round(weights[i] / weightScales[i % outputs]), -127f, 127f);
        }

        var biasScales = new float[outputs];
        var qb = new int[outputs];
        for (int o = 0; o < outputs; o++)
        {
            biasScales[o] = inputScale * weightScales[o];
            qb[o] = (int)Math.Clamp(Math.Round((double)bias[o] / biasScales[o]), int.MinValue, int.MaxValue);
        }

        return new QuantizedLayer(q, weightScales, qb, biasScales, inputScale, rows, outputs);
    }

    private static void Dequantize(QuantizedLayer layer, float[] weights, float[] bias)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = layer.Weights[i] * layer.WeightScales[i % layer.Outputs];
        }

        for (int o = 0; o < layer.Outputs; o++)
        {
            bias[o] = layer.Bias[o] * layer.BiasScales[o];
        }
    }
}
