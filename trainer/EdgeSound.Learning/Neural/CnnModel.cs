namespace EdgeSound.Learning.Neural;

/// <summary>One convolution of the network (<see cref="CnnArchitecture.Units"/>): conv (no bias, batch norm follows) →
/// batch norm → ReLU → optional 2×2 max pool. A full block is one unit, a depthwise-separable block two.</summary>
public sealed record ConvUnit(ConvolutionLayer Conv, BatchNorm2D Norm, Relu Activation, MaxPool2? Pool)
{
    public FeatureShape OutputShape => Pool?.OutputShape ?? Activation.OutputShape;
}

/// <summary>The float CNN described by a <see cref="CnnArchitecture"/>, with typed access to its blocks for export.</summary>
public sealed class CnnModel : IBatchScorer
{
    private CnnModel(CnnArchitecture architecture, Network network, IReadOnlyList<ConvUnit> units, Layer pooling, Dropout dropout, Dense head)
    {
        Architecture = architecture;
        Network = network;
        Units = units;
        Pooling = pooling;
        Dropout = dropout;
        Head = head;
    }

    public CnnArchitecture Architecture { get; }

    public Network Network { get; }

    /// <summary>The convolutions in order, named conv1, conv2, ... and bn1, bn2, ... by their position.</summary>
    public IReadOnlyList<ConvUnit> Units { get; }

    /// <summary>The global pooling layer of <see cref="CnnArchitecture.GlobalPooling"/>.</summary>
    public Layer Pooling { get; }

    public Dropout Dropout { get; }

    public Dense Head { get; }

    public static CnnModel Create(CnnArchitecture architecture, int seed)
    {
        architecture.Validate();
        var random = new Random(seed);
        var layers = new List<Layer>();
        var units = new List<ConvUnit>();
        FeatureShape shape = architecture.InputShape;
        foreach (ConvolutionUnit spec in architecture.Units())
        {
            int i = units.Count + 1;
            var conv = ConvolutionLayer.Create(spec.Kind, shape, spec.Channels, bias: false, computeInputGradient: i > 1, name: $"conv{i}");
            conv.Initialize(random);
            var norm = new BatchNorm2D(conv.OutputShape, $"bn{i}");
            var relu = new Relu(conv.OutputShape);
            MaxPool2? pool = spec.Pool ? new MaxPool2(conv.OutputShape) : null;
            layers.Add(conv);
            layers.Add(norm);
            layers.Add(relu);
            if (pool is not null)
            {
                layers.Add(pool);
            }

            var unit = new ConvUnit(conv, norm, relu, pool);
            units.Add(unit);
            shape = unit.OutputShape;
        }

        Layer gap = architecture.GlobalPooling.Create(shape);
        var dropout = new Dropout(gap.OutputShape, architecture.DropoutRate, seed + 1);
        var head = new Dense(gap.OutputShape, architecture.Classes, "dense");
        head.Initialize(random);
        layers.Add(gap);
        layers.Add(dropout);
        layers.Add(head);
        return new CnnModel(architecture, new Network(layers), units, gap, dropout, head);
    }

    /// <summary>
    /// A model for <paramref name="classes"/> classes whose convolutions (weights, batch-norm parameters and
    /// running statistics) are copies of <paramref name="source"/>'s and whose dense head is new (Glorot-uniform,
    /// <paramref name="seed"/>): the starting point of transfer learning.
    /// </summary>
    public static CnnModel WithNewHead(CnnModel source, int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        CnnModel model = Create(source.Architecture with { Classes = classes }, seed);
        for (int u = 0; u < source.Units.Count; u++)
        {
            ConvUnit from = source.Units[u], to = model.Units[u];
            from.Conv.Weights.Value.CopyTo(to.Conv.Weights.Value, 0);
            from.Norm.Gamma.Value.CopyTo(to.Norm.Gamma.Value, 0);
            from.Norm.Beta.Value.CopyTo(to.Norm.Beta.Value, 0);
            from.Norm.RunningMean.CopyTo(to.Norm.RunningMean, 0);
            from.Norm.RunningVariance.CopyTo(to.Norm.RunningVariance, 0);
        }

        return model;
    }

    /// <summary>Softmax probabilities of a batch of float windows (inference mode: running batch-norm statistics).</summary>
    public void Score(float[] input, int batch, Span<float> probabilities, Workers workers)
    {
        float[] logits = Network.Forward(input, batch, training: false, workers);
        SoftmaxCrossEntropy.Softmax(logits.AsSpan(0, batch * Architecture.Classes), probabilities[..(batch * Architecture.Classes)], Architecture.Classes);
    }
}
