using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Soundscapes;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// Training-side augmentation: frontend frames of steady background noise (white, pink, brown) added into a crop
/// at a random signal-to-noise ratio. ESC-50 clips are padded with digital silence, so without it the model only
/// sees events against the <see cref="LogMelScale.Floor"/>; a microphone always hears a noise floor between them.
/// Energies add, so values combine by a log-add on the int8 scale (<see cref="LogAdd"/>): 6 steps per octave of
/// energy, hence a + b -> max + round(6 log2(1 + 2^(-|a-b|/6))).
/// </summary>
public sealed class BackgroundNoise
{
    private static readonly string[] Colours = ["white", "pink", "brown"];
    private static readonly sbyte[] LogAddTable = BuildLogAddTable();
    private readonly FrameMatrix[] _noises;

    public BackgroundNoise(IReadOnlyList<FrameMatrix> noises)
    {
        ArgumentNullException.ThrowIfNull(noises);
        if (noises.Count == 0)
        {
            throw new ArgumentException("At least one background noise is needed.", nameof(noises));
        }

        _noises = [.. noises];
        Bands = _noises[0].Bands;
        foreach (FrameMatrix n in _noises)
        {
            if (n.Bands != Bands)
            {
                throw new ArgumentException($"Background noises disagree on bands: {n.Bands} vs {Bands}.", nameof(noises));
            }
        }
    }

    public int Bands { get; }

    /// <summary>RMS level in dBFS the noises of <see cref="Generate"/> are made at.</summary>
    public const double GeneratedDbfs = -30;

    /// <summary>Frames of <paramref name="seconds"/> of white, pink and brown noise through the device's frontend.</summary>
    public static BackgroundNoise Generate(FrontendConfig config, double seconds, int seed)
    {
        var rng = new Random(seed);
        int samples = (int)(seconds * config.SampleRate);
        var noises = new List<FrameMatrix>();
        foreach (string colour in Colours)
        {
            float[] x = NoiseGenerator.Generate(colour, samples, GeneratedDbfs, rng);
            noises.Add(Frontend.ComputeClip(config, Pcm.ToInt16(x)));
        }

        return new BackgroundNoise(noises);
    }

    /// <summary>The int8 value of the summed energies of two values.</summary>
    public static sbyte LogAdd(sbyte a, sbyte b)
    {
        int high = Math.Max(a, b);
        return (sbyte)Math.Min(LogMelScale.Ceiling, high + LogAddTable[high - Math.Min(a, b)]);
    }

    /// <summary>
    /// Adds a random stretch of a random noise into <paramref name="window"/> (<paramref name="frames"/> x
    /// <see cref="Bands"/>), shifted so its loudest cell lies an SNR drawn from [<paramref name="minSnrDb"/>,
    /// <paramref name="maxSnrDb"/>] below the window's loudest cell. A window of pure digital silence is left alone.
    /// </summary>
    public void Mix(Span<sbyte> window, int frames, Random random, double minSnrDb, double maxSnrDb)
    {
        if (window.Length != frames * Bands)
        {
            throw new ArgumentException($"Window holds {window.Length} values, expected {frames} x {Bands}.", nameof(window));
        }

        sbyte peak = Max(window);
        if (peak == LogMelScale.Floor)
        {
            return;
        }

        FrameMatrix noise = _noises[random.Next(_noises.Length)];
        int start = random.Next(Math.Max(1, noise.Frames - frames + 1));
        int available = Math.Min(frames, noise.Frames - start);
        ReadOnlySpan<sbyte> segment = noise.Data.Slice(start * Bands, available * Bands);
        double snr = minSnrDb + random.NextDouble() * (maxSnrDb - minSnrDb);
        int shift = peak - LogMelScale.StepsForGainDb(snr) - Max(segment);
        for (int i = 0; i < window.Length; i++)
        {
            sbyte n = segment[i % segment.Length];
            if (n != LogMelScale.Floor)
            {
                window[i] = LogAdd(window[i], (sbyte)Math.Clamp(n + shift, LogMelScale.Floor, LogMelScale.Ceiling));
            }
        }
    }

    /// <summary>
    /// Replaces <paramref name="window"/> (<paramref name="frames"/> x <see cref="Bands"/>) by a random stretch of a
    /// random noise alone, every value moved by the steps of a gain drawn from [<paramref name="minGainDb"/>,
    /// <paramref name="maxGainDb"/>] (clamped to the int8 scale; silent cells stay silent): with noises made by
    /// <see cref="Generate"/>, a window of steady noise at <see cref="GeneratedDbfs"/> + gain dBFS RMS.
    /// </summary>
    public void Fill(Span<sbyte> window, int frames, Random random, double minGainDb, double maxGainDb)
    {
        if (window.Length != frames * Bands)
        {
            throw new ArgumentException($"Window holds {window.Length} values, expected {frames} x {Bands}.", nameof(window));
        }

        FrameMatrix noise = _noises[random.Next(_noises.Length)];
        int start = random.Next(Math.Max(1, noise.Frames - frames + 1));
        int available = Math.Min(frames, noise.Frames - start);
        ReadOnlySpan<sbyte> segment = noise.Data.Slice(start * Bands, available * Bands);
        int shift = LogMelScale.StepsForGainDb(minGainDb + random.NextDouble() * (maxGainDb - minGainDb));
        for (int i = 0; i < window.Length; i++)
        {
            sbyte n = segment[i % segment.Length];
            window[i] = n == LogMelScale.Floor ? LogMelScale.Floor : (sbyte)Math.Clamp(n + shift, LogMelScale.Floor, LogMelScale.Ceiling);
        }
    }

    private static sbyte Max(ReadOnlySpan<sbyte> values)
    {
        sbyte max = LogMelScale.Floor;
        foreach (sbyte v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static sbyte[] BuildLogAddTable()
    {
        var table = new sbyte[256];
        for (int d = 0; d < table.Length; d++)
        {
            table[d] = (sbyte)Math.Round(6 * Math.Log2(1 + Math.Pow(2, -d / 6.0)));
        }

        return table;
    }
}
