namespace EdgeSound.Learning.Neural;

/// <summary>One convolution block: conv (no bias, batch norm follows) → batch norm → ReLU → optional 2×2 max pool.</summary>
public sealed record ConvBlock(Conv2D Conv, BatchNorm2D Norm, Relu Activation, MaxPool2? Pool)
{
    public FeatureShape OutputShape => Pool?.OutputShape ?? Activation.OutputShape;
}

/// <summary>The float CNN described by a <see cref="CnnArchitecture"/>, with typed access to its blocks for export.</summary>
public sealed class CnnModel : IBatchScorer
{
    private CnnModel(CnnArchitecture architecture, Network network, IReadOnlyList<ConvBlock> blocks, GlobalAveragePool pooling, Dropout dropout, Dense head)
    {
        Architecture = architecture;
        Network = network;
        Blocks = blocks;
        Pooling = pooling;
        Dropout = dropout;
        Head = head;
    }

    public CnnArchitecture Architecture { get; }

    public Network Network { get; }

    public IReadOnlyList<ConvBlock> Blocks { get; }

    public GlobalAveragePool Pooling { get; }

    public Dropout Dropout { get; }

    public Dense Head { get; }

    public static CnnModel Create(CnnArchitecture architecture, int seed)
    {
        architecture.Validate();
        var random = new Random(seed);
        var layers = new List<Layer>();
        var blocks = new List<ConvBlock>();
        FeatureShape shape = architecture.InputShape;
        for (int i = 0; i < architecture.Channels.Count; i++)
        {
            var conv = new Conv2D(shape, architecture.Channels[i], bias: false, computeInputGradient: i > 0, name: $"conv{i + 1}");
            conv.Initialize(random);
            var norm = new BatchNorm2D(conv.OutputShape, $"bn{i + 1}");
            var relu = new Relu(conv.OutputShape);
            MaxPool2? pool = architecture.Pool[i] ? new MaxPool2(conv.OutputShape) : null;
            layers.Add(conv);
            layers.Add(norm);
            layers.Add(relu);
            if (pool is not null)
            {
                layers.Add(pool);
            }

            var block = new ConvBlock(conv, norm, relu, pool);
            blocks.Add(block);
            shape = block.OutputShape;
        }

        var gap = new GlobalAveragePool(shape);
        var dropout = new Dropout(gap.OutputShape, architecture.DropoutRate, seed + 1);
        var head = new Dense(gap.OutputShape, architecture.Classes, "dense");
        head.Initialize(random);
        layers.Add(gap);
        layers.Add(dropout);
        layers.Add(head);
        return new CnnModel(architecture, new Network(layers), blocks, gap, dropout, head);
    }

    /// <summary>
    /// A model for <paramref name="classes"/> classes whose convolution blocks (weights, batch-norm parameters and
    /// running statistics) are copies of <paramref name="source"/>'s and whose dense head is new (Glorot-uniform,
    /// <paramref name="seed"/>): the starting point of transfer learning.
    /// </summary>
    public static CnnModel WithNewHead(CnnModel source, int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        CnnModel model = Create(source.Architecture with { Classes = classes }, seed);
        for (int b = 0; b < source.Blocks.Count; b++)
        {
            ConvBlock from = source.Blocks[b], to = model.Blocks[b];
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
