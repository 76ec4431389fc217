namespace EdgeSound.Learning.Neural;

/// <summary>
/// The compact CNN: for each entry of <see cref="Channels"/> a block conv3×3 → batch norm → ReLU, followed by a
/// 2×2 max pool when the matching <see cref="Pool"/> entry is true; then global average pooling, dropout and a
/// dense layer to <see cref="Classes"/> logits. Input: one window of <see cref="Frames"/> int8 log-mel frames of
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

    public double DropoutRate { get; init; } = 0.3;

    /// <summary>Float value of one int8 input step.</summary>
    public float InputScale { get; init; } = 1f / 64f;

    public FeatureShape InputShape => new(Frames, Bands, 1);

    /// <summary>Most output channels a block may have in <see cref="WithBlocks"/>.</summary>
    public const int MaxChannels = 1024;

    /// <summary>The blocks in <see cref="WithBlocks"/> notation, for example <c>32p,64p,128p,128</c>.</summary>
    public string Blocks => string.Join(',', Channels.Select((c, i) => Pool[i] ? $"{c}p" : $"{c}"));

    /// <summary>
    /// This architecture with the blocks of <paramref name="text"/>: comma-separated output channels of each
    /// conv3×3 block, a trailing <c>p</c> marking a 2×2 max pool after that block (<c>16p,32p,64p,128p,120</c> is the default).
    /// </summary>
    /// <exception cref="ArgumentException">a part is not a channel count (1 to <see cref="MaxChannels"/>) with an optional <c>p</c>, a part is empty, or no block is given.</exception>
    public CnnArchitecture WithBlocks(string text)
    {
        List<int> channels = [];
        List<bool> pool = [];
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
            if (!int.TryParse(pooled ? part[..^1] : part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c) || c < 1 || c > MaxChannels)
            {
                throw new ArgumentException($"blocks: '{part}' is not a channel count from 1 to {MaxChannels} (optionally followed by p for a 2x2 max pool).");
            }

            channels.Add(c);
            pool.Add(pooled);
        }

        return this with { Channels = channels, Pool = pool };
    }

    public void Validate()
    {
        if (Frames < 1 || Bands < 1 || Classes < 2)
        {
            throw new ArgumentException($"CnnArchitecture: Frames ({Frames}) and Bands ({Bands}) must be positive and Classes ({Classes}) at least 2.");
        }

        if (Channels.Count == 0 || Channels.Count != Pool.Count)
        {
            throw new ArgumentException($"CnnArchitecture: Channels ({Channels.Count} entries) and Pool ({Pool.Count} entries) must be non-empty and the same length.");
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
    /// Values one window occupies in the largest buffers of training: every block's conv output (height x width x
    /// channels) plus the largest im2col patch matrix (pixels x 9 x input channels).
    /// </summary>
    public long ValuesPerWindow()
    {
        long outputs = 0, patches = 0;
        int h = Frames, w = Bands, cin = 1;
        for (int i = 0; i < Channels.Count; i++)
        {
            outputs += (long)h * w * Channels[i];
            patches = Math.Max(patches, (long)h * w * 9 * cin);
            cin = Channels[i];
            if (Pool[i])
            {
                h /= 2;
                w /= 2;
            }
        }

        return outputs + patches;
    }

    /// <summary>Multiply-accumulates of one forward pass (convolutions and the dense layer), times 2 = FLOPs.</summary>
    public long MultiplyAccumulates()
    {
        long macs = 0;
        int h = Frames, w = Bands, cin = 1;
        for (int i = 0; i < Channels.Count; i++)
        {
            macs += (long)h * w * 9 * cin * Channels[i];
            cin = Channels[i];
            if (Pool[i])
            {
                h /= 2;
                w /= 2;
            }
        }

        return macs + (long)cin * Classes;
    }
}
