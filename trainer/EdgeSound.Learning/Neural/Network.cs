namespace EdgeSound.Learning.Neural;

/// <summary>
/// A chain of layers with the activation and gradient buffers of one mini-batch. The last layer's output is the
/// logits; <see cref="Backward"/> takes d(loss)/d(logits) and leaves every parameter's gradient filled in.
/// </summary>
public sealed class Network
{
    private readonly Layer[] _layers;
    private float[][] _activations;
    private float[][] _gradients;
    private float[] _input = [];
    private int _capacity;

    public Network(IReadOnlyList<Layer> layers)
    {
        if (layers.Count == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        for (int i = 1; i < layers.Count; i++)
        {
            if (layers[i].InputShape.Size != layers[i - 1].OutputShape.Size)
            {
                throw new ArgumentException($"Layer {i} ({layers[i].GetType().Name}) expects {layers[i].InputShape} but layer {i - 1} gives {layers[i - 1].OutputShape}.", nameof(layers));
            }
        }

        _layers = [.. layers];
        var parameters = new List<Parameter>();
        foreach (Layer layer in _layers)
        {
            parameters.AddRange(layer.Parameters);
        }

        Parameters = parameters;
        _activations = [];
        _gradients = [];
    }

    public IReadOnlyList<Layer> Layers => _layers;

    public IReadOnlyList<Parameter> Parameters { get; }

    public FeatureShape InputShape => _layers[0].InputShape;

    public int Outputs => _layers[^1].OutputShape.Size;

    public long ParameterCount
    {
        get
        {
            long n = 0;
            foreach (Parameter p in Parameters)
            {
                n += p.Value.Length;
            }

            return n;
        }
    }

    /// <summary>Runs the batch (batch × InputShape.Size values) and returns the logits buffer (batch × Outputs valid values).</summary>
    public float[] Forward(float[] input, int batch, bool training, Workers workers)
    {
        if (input.Length < batch * InputShape.Size)
        {
            throw new ArgumentException($"Input holds {input.Length} values; a batch of {batch} needs {batch * InputShape.Size}.", nameof(input));
        }

        Ensure(batch);
        _input = input;
        float[] x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i].Forward(x, _activations[i], batch, training, workers);
            x = _activations[i];
        }

        return x;
    }

    /// <summary>Back-propagates d(loss)/d(logits) of the last <see cref="Forward"/> call.</summary>
    public void Backward(float[] logitGradient, int batch, Workers workers)
    {
        float[] dy = logitGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            float[] x = i == 0 ? _input : _activations[i - 1];
            float[]? dx = i == 0 ? null : _gradients[i - 1];
            _layers[i].Backward(x, _activations[i], dy, dx, batch, workers);
            if (dx is not null)
            {
                dy = dx;
            }
        }
    }

    private void Ensure(int batch)
    {
        if (batch <= _capacity)
        {
            return;
        }

        _activations = new float[_layers.Length][];
        _gradients = new float[_layers.Length][];
        for (int i = 0; i < _layers.Length; i++)
        {
            _activations[i] = new float[batch * _layers[i].OutputShape.Size];
            _gradients[i] = new float[batch * _layers[i].OutputShape.Size];
        }

        _capacity = batch;
    }
}
