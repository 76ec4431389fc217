namespace EdgeSound.Learning.Neural;

/// <summary>How a convolution unit mixes its input: every channel (<see cref="Standard"/>, 3×3), each channel on its own
/// (<see cref="Depthwise"/>, 3×3, ONNX Conv with group = channels), or every channel at one pixel (<see cref="Pointwise"/>, 1×1).</summary>
public enum ConvolutionKind
{
    Standard,
    Depthwise,
    Pointwise,
}

/// <summary>What a <see cref="ConvolutionKind"/> implies.</summary>
public static class ConvolutionKindExtensions
{
    /// <summary>Side of the square kernel: 1 for <see cref="ConvolutionKind.Pointwise"/>, else 3.</summary>
    public static int KernelSize(this ConvolutionKind kind) => kind == ConvolutionKind.Pointwise ? 1 : 3;
}

/// <summary>
/// A stride-1, "same"-padded convolution over channels-last maps whose weights form a [rows, Cout] matrix, one
/// column per output channel (for <see cref="Conv2D"/> rows = k·k·Cin ordered (ky, kx, cin); for
/// <see cref="DepthwiseConv2D"/> rows = 9 taps ordered (ky, kx)). Batch norm folds into it and int8 quantization
/// scales it per output channel through that one layout.
/// </summary>
public abstract class ConvolutionLayer : Layer
{
    protected ConvolutionLayer(FeatureShape input, int outChannels, int rows, bool bias, bool computeInputGradient, string name)
        : base(input, input with { Channels = outChannels })
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        Name = name;
        ComputeInputGradient = computeInputGradient;
        PatchLength = rows;
        Weights = new Parameter(name + ".weight", rows * outChannels, decay: true);
        Bias = bias ? new Parameter(name + ".bias", outChannels, decay: false) : null;
        Parameters = Bias is null ? [Weights] : [Weights, Bias];
    }

    public string Name { get; }

    public abstract ConvolutionKind Kind { get; }

    /// <summary>Side of the square kernel: 3, or 1 for <see cref="ConvolutionKind.Pointwise"/>.</summary>
    public int Kernel => Kind.KernelSize();

    /// <summary>False for the first layer: the gradient with respect to the input features is never needed.</summary>
    public bool ComputeInputGradient { get; }

    /// <summary>Rows of the weight matrix: the inputs one output value reads.</summary>
    public int PatchLength { get; }

    /// <summary>Weights [rows, Cout].</summary>
    public Parameter Weights { get; }

    public Parameter? Bias { get; }

    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>A convolution of <paramref name="kind"/>; a depthwise one keeps the input's channel count, so
    /// <paramref name="outChannels"/> must equal it.</summary>
    /// <exception cref="ArgumentException">a depthwise convolution asked to change the channel count.</exception>
    public static ConvolutionLayer Create(ConvolutionKind kind, FeatureShape input, int outChannels, bool bias, bool computeInputGradient, string name) => kind switch
    {
        ConvolutionKind.Depthwise => outChannels == input.Channels
            ? new DepthwiseConv2D(input, bias, computeInputGradient, name)
            : throw new ArgumentException($"{name}: a depthwise convolution keeps its {input.Channels} channels; {outChannels} asked."),
        ConvolutionKind.Pointwise => new Conv2D(input, outChannels, bias, computeInputGradient, name, kernel: 1),
        _ => new Conv2D(input, outChannels, bias, computeInputGradient, name),
    };

    /// <summary>
    /// Sums the per-worker gradient buffers of a backward pass into <see cref="Weights"/> and <see cref="Bias"/>: each
    /// of the first <paramref name="used"/> buffers holds the weight gradient ([rows, Cout]) followed by the bias
    /// gradient (Cout).
    /// </summary>
    protected void ReduceGradients(float[][] partials, int used)
    {
        int weights = Weights.Value.Length, cout = OutputShape.Channels;
        Conv2D.ReduceWorkers(partials, used, weights, Weights.Gradient);
        if (Bias is not null)
        {
            Array.Clear(Bias.Gradient);
            for (int w = 0; w < used; w++)
            {
                Conv2D.Add(partials[w].AsSpan(weights, cout), Bias.Gradient);
            }
        }
    }

    /// <summary>He-normal initialisation (std = sqrt(2 / rows)), bias 0.</summary>
    public void Initialize(Random random)
    {
        double std = Math.Sqrt(2.0 / PatchLength);
        float[] w = Weights.Value;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)(std * Conv2D.Gaussian(random));
        }

        if (Bias is not null)
        {
            Array.Clear(Bias.Value);
        }
    }
}
