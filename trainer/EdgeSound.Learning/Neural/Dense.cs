namespace EdgeSound.Learning.Neural;

/// <summary>
/// Fully connected layer y = x · W + b on flattened samples. W is stored [in, out] so the forward pass is a plain
/// product; dW = xᵀ · dy uses the transposed addressing of <see cref="Gemm"/>, dx = dy · Wᵀ a transposed copy.
/// </summary>
public sealed class Dense : Layer
{
    private readonly Parameter _weights;
    private readonly Parameter _bias;
    private float[] _transposed = [];

    public Dense(FeatureShape input, int outputs, string name)
        : base(input, new FeatureShape(1, 1, outputs))
    {
        Inputs = input.Size;
        Outputs = outputs;
        _weights = new Parameter(name + ".weight", Inputs * outputs, decay: true);
        _bias = new Parameter(name + ".bias", outputs, decay: false);
        Parameters = [_weights, _bias];
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>Weights [in, out].</summary>
    public Parameter Weights => _weights;

    public Parameter Bias => _bias;

    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Glorot-uniform weights, zero bias.</summary>
    public void Initialize(Random random)
    {
        double limit = Math.Sqrt(6.0 / (Inputs + Outputs));
        for (int i = 0; i < _weights.Value.Length; i++)
        {
            _weights.Value[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        }

        Array.Clear(_bias.Value);
    }

    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        Gemm.Multiply(batch, Outputs, Inputs, input, Inputs, 1, _weights.Value, Outputs, output, Outputs, accumulate: false);
        Conv2D.AddBias(output.AsSpan(0, batch * Outputs), _bias.Value);
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        Gemm.Multiply(Inputs, Outputs, batch, input, 1, Inputs, outputGradient, Outputs, _weights.Gradient, Outputs, accumulate: false);
        Array.Clear(_bias.Gradient);
        Conv2D.SumRows(outputGradient.AsSpan(0, batch * Outputs), Outputs, _bias.Gradient);
        if (inputGradient is null)
        {
            return;
        }

        if (_transposed.Length != Inputs * Outputs)
        {
            _transposed = new float[Inputs * Outputs];
        }

        float[] w = _weights.Value;
        for (int i = 0; i < Inputs; i++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                _transposed[o * Inputs + i] = w[i * Outputs + o];
            }
        }

        Gemm.Multiply(batch, Inputs, Outputs, outputGradient, Outputs, 1, _transposed, Inputs, inputGradient, Inputs, accumulate: false);
    }
}
