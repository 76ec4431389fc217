namespace EdgeSound.Learning.Neural;

/// <summary>
/// The compact CNN: for each entry of <see cref="Channels"/> a block conv3×3 → batch norm → ReLU, or when the matching
/// <see cref="Separable"/> entry is true a depthwise-separable block (depthwise conv3×3 → batch norm → ReLU →
/// pointwise conv1×1 → batch norm → ReLU, as in MobileNets, arXiv:1704.04861), followed by a 2×2 max pool when the
/// matching <see cref="Pool"/> entry is true; then global pooling (<see cref="GlobalPooling"/>), dropout and a dense layer to
/// <see cref="Classes"/> logits. <see cref="Units"/> lists the convolutions in order. Input: one window of <see cref="Frames"/> int8 log-mel frames of
/// <see cref="Bands"/> bands, multiplied by <see cref="InputScale"/> (the exported DequantizeLinear scale).
/// </summary>
public sealed record CnnArchitecture
{
    public int Frames { get; init; } = 96;

    public int Bands { get; init; } = 64;

    public int Classes { get; init; } = 50;

    /// <summary>
    /// Output channels per block. The default 16p,32p,64p,128p,120 (241922 parameters for 50 classes, 50.9 MFLOP on a
    /// 96 x 64 window) keeps the early, large maps narrow and spends the bytes on the deep blocks; it replaced
    /// 32p,64p,128p,128 on 64 frames (247058 parameters, 96.7 MFLOP) when the window grew (see the model card).
    /// </summary>
    public IReadOnlyList<int> Channels { get; init; } = [16, 32, 64, 128, 120];

    /// <summary>Whether a 2×2 max pool follows each block.</summary>
    public IReadOnlyList<bool> Pool { get; init; } = [true, true, true, true, false];

    /// <summary>Whether each block is depthwise-separable (<c>d</c> in <see cref="WithBlocks"/> notation) instead of a full
    /// conv3×3; empty (the default) means no block is.</summary>
    public IReadOnlyList<bool> Separable { get; init; } = [];

    /// <summary>Whether block <paramref name="block"/> (from 0) is depthwise-separable.</summary>
    public bool IsSeparable(int block) => Separable.Count > 0 && Separable[block];

    /// <summary>How the last block's map is pooled to one value per channel before dropout and the dense layer.</summary>
    public GlobalPooling GlobalPooling { get; init; } = GlobalPooling.Average;

    public double DropoutRate { get; init; } = 0.3;

    /// <summary>Float value of one int8 input step.</summary>
    public float InputScale { get; init; } = 1f / 64f;

    public FeatureShape InputShape => new(Frames, Bands, 1);

    /// <summary>Most output channels a block may have in <see cref="WithBlocks"/>.</summary>
    public const int MaxChannels = 1024;

    /// <summary>The blocks in <see cref="WithBlocks"/> notation, for example <c>32p,64p,d128p,d128</c>.</summary>
    public string Blocks => string.Join(',', Channels.Select((c, i) => $"{(IsSeparable(i) ? "d" : "")}{c}{(Pool[i] ? "p" : "")}"));

    /// <summary>
    /// This architecture with the blocks of <paramref name="text"/>: comma-separated output channels of each block, a
    /// leading <c>d</c> making it depthwise-separable, a trailing <c>p</c> marking a 2×2 max pool after it
    /// (<c>16p,32p,64p,128p,120</c> is the default; <c>16p,32p,64p,d192p,d320</c> ends in two separable blocks).
    /// </summary>
    /// <exception cref="ArgumentException">a part is not a channel count (1 to <see cref="MaxChannels"/>) with an optional <c>d</c> and <c>p</c>, a part is empty, or no block is given.</exception>
    public CnnArchitecture WithBlocks(string text)
    {
        List<int> channels = [];
        List<bool> pool = [];
        List<bool> separable = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("blocks: no block given.");
        }

        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                throw new ArgumentException($"blocks: '{text}' has an empty entry.");
            }

            bool pooled = part.EndsWith('p');
            bool split = part.StartsWith('d');
            string count = part[(split ? 1 : 0)..(pooled ? part.Length - 1 : part.Length)];
            if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c) || c < 1 || c > MaxChannels)
            {
                throw new ArgumentException($"blocks: '{part}' is not a channel count from 1 to {MaxChannels} (optionally preceded by d for a depthwise-separable block and followed by p for a 2x2 max pool).");
            }

            channels.Add(c);
            pool.Add(pooled);
            separable.Add(split);
        }

        return this with { Channels = channels, Pool = pool, Separable = separable };
    }

    public void Validate()
    {
        if (Frames < 1 || Bands < 1 || Classes < 2)
        {
            throw new ArgumentException($"CnnArchitecture: Frames ({Frames}) and Bands ({Bands}) must be positive and Classes ({Classes}) at least 2.");
        }

        if (Channels.Count == 0 || Channels.Count != Pool.Count || (Separable.Count > 0 && Channels.Count != Separable.Count))
        {
            throw new ArgumentException($"CnnArchitecture: Channels ({Channels.Count} entries), Pool ({Pool.Count}) and Separable ({Separable.Count}, or none) must be non-empty and the same length.");
        }

        if (!(InputScale > 0))
        {
            throw new ArgumentException($"CnnArchitecture: InputScale must be positive, got {InputScale}.");
        }

        int h = Frames, w = Bands;
        for (int i = 0; i < Channels.Count; i++)
        {
            if (Channels[i] < 1)
            {
                throw new ArgumentException($"CnnArchitecture: Channels[{i}] must be positive, got {Channels[i]}.");
            }

            if (i == 0 && IsSeparable(0))
            {
                throw new ArgumentException("block 1 cannot be depthwise-separable: its input is one channel, so its depthwise part would be a single 3x3 filter; make it a full block.");
            }

            if (Pool[i] && (h < 2 || w < 2))
            {
                throw new ArgumentException($"block {i + 1} would pool its {h}x{w} input (of a {Frames}x{Bands} window) below one cell.");
            }

            if (Pool[i])
            {
                h /= 2;
                w /= 2;
            }
        }

        long values = ValuesPerWindow();
        if (values > MaxValuesPerWindow)
        {
            throw new ArgumentException($"a {Frames}x{Bands} window through these blocks needs {values / 1e6:F1} M activation values, more than the {MaxValuesPerWindow / 1e6:F0} M a training batch can hold.");
        }
    }

    /// <summary>
    /// Most values <see cref="ValuesPerWindow"/> may reach: 4 M, so a batch of 32 windows keeps every buffer below
    /// 2^31 elements and its activations (conv, batch norm, ReLU, pool) within about 2 GB of floats. The default
    /// architecture needs 0.4 M.
    /// </summary>
    public const long MaxValuesPerWindow = 4_000_000;

    /// <summary>
    /// Values one window occupies in the largest buffers of training: every convolution's output (height x width x
    /// channels) plus the largest im2col patch matrix (pixels x 9 x input channels, for a full conv3×3).
    /// </summary>
    public long ValuesPerWindow()
    {
        long outputs = 0, patches = 0;
        foreach (ConvolutionUnit u in Units())
        {
            outputs += (long)u.Height * u.Width * u.Channels;
            if (u.Kind == ConvolutionKind.Standard)
            {
                patches = Math.Max(patches, (long)u.Height * u.Width * 9 * u.InputChannels);
            }
        }

        return outputs + patches;
    }

    /// <summary>Multiply-accumulates of one forward pass (convolutions and the dense layer), times 2 = FLOPs.</summary>
    public long MultiplyAccumulates()
    {
        long macs = 0;
        foreach (ConvolutionUnit u in Units())
        {
            long perPixel = u.Kind switch
            {
                ConvolutionKind.Depthwise => 9L * u.Channels,
                ConvolutionKind.Pointwise => (long)u.InputChannels * u.Channels,
                _ => 9L * u.InputChannels * u.Channels,
            };
            macs += (long)u.Height * u.Width * perPixel;
        }

        return macs + (long)Channels[^1] * Classes;
    }

    /// <summary>
    /// The convolutions in order: one <see cref="ConvolutionKind.Standard"/> unit per full block, a
    /// <see cref="ConvolutionKind.Depthwise"/> then a <see cref="ConvolutionKind.Pointwise"/> unit per separable block
    /// (the block's pool, if any, follows the pointwise one). Each unit runs on a map of Height x Width.
    /// </summary>
    public IReadOnlyList<ConvolutionUnit> Units()
    {
        var units = new List<ConvolutionUnit>();
        int h = Frames, w = Bands, cin = 1;
        for (int i = 0; i < Channels.Count; i++)
        {
            if (IsSeparable(i))
            {
                units.Add(new ConvolutionUnit(ConvolutionKind.Depthwise, cin, cin, false, h, w));
                units.Add(new ConvolutionUnit(ConvolutionKind.Pointwise, cin, Channels[i], Pool[i], h, w));
            }
            else
            {
                units.Add(new ConvolutionUnit(ConvolutionKind.Standard, cin, Channels[i], Pool[i], h, w));
            }

            cin = Channels[i];
            if (Pool[i])
            {
                h /= 2;
                w /= 2;
            }
        }

        return units;
    }

    /// <summary>
    /// The architecture whose <see cref="Units"/> are <paramref name="units"/> (kind, output channels and pool of each,
    /// in order), as a model file lists them; the other properties come from <paramref name="template"/>.
    /// </summary>
    /// <exception cref="ArgumentException">a depthwise unit is not followed by a pointwise one, or a depthwise unit pools.</exception>
    public static CnnArchitecture FromUnits(CnnArchitecture template, IReadOnlyList<(ConvolutionKind Kind, int Channels, bool Pool)> units)
    {
        List<int> channels = [];
        List<bool> pool = [], separable = [];
        for (int i = 0; i < units.Count; i++)
        {
            (ConvolutionKind kind, int c, bool pooled) = units[i];
            if (kind == ConvolutionKind.Depthwise)
            {
                if (pooled || i + 1 >= units.Count || units[i + 1].Kind != ConvolutionKind.Pointwise)
                {
                    throw new ArgumentException($"convolution {i + 1} is depthwise but is not followed by a pointwise convolution before any pooling.");
                }

                (_, c, pooled) = units[++i];
                separable.Add(true);
            }
            else if (kind == ConvolutionKind.Pointwise)
            {
                throw new ArgumentException($"convolution {i + 1} is pointwise without a depthwise convolution before it.");
            }
            else
            {
                separable.Add(false);
            }

            channels.Add(c);
            pool.Add(pooled);
        }

        return template with { Channels = channels, Pool = pool, Separable = separable };
    }
}

/// <summary>One convolution of the network: its kind, input and output channels, whether a 2×2 max pool follows it,
/// and the Height x Width of the map it runs on.</summary>
public sealed record ConvolutionUnit(ConvolutionKind Kind, int InputChannels, int Channels, bool Pool, int Height, int Width);
