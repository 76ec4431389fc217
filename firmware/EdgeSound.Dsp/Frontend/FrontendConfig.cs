using System.Globalization;

namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Settings of the fixed-point log-mel frontend. The defaults are the product's contract: the model is trained on
/// frames made with exactly these values and the model file carries them (<see cref="ToMetadata"/>), so the device
/// rebuilds the same frontend from the model alone.
/// </summary>
/// <remarks>
/// Why these defaults:
/// <list type="bullet">
/// <item>16 kHz: the I2S microphones are captured (or resampled) at 16 kHz; 8 kHz of bandwidth covers ESC-50's sounds.</item>
/// <item>Window 512 samples (32 ms) with a 512-point FFT: 31.25 Hz per bin, enough resolution for the narrow low mel
/// bands (the lowest band spans about 60-119 Hz, so it still sees two bins).</item>
/// <item>Hop 256 samples (16 ms): 62.5 frames per second; the CNN's input window of 96 frames is about 1.54 s of
/// audio, with half as many frames as a 10 ms hop would give, which halves the CNN's cost per second.</item>
/// <item>64 mel bands from 60 to 7800 Hz: 96 x 64 input images; 60 Hz drops mains hum and microphone rumble,
/// 7800 Hz stays clear of the resampler's transition band below Nyquist.</item>
/// <item>DC removal on: the Pi's I2S MEMS microphones deliver a DC offset that would otherwise land in the lowest bins.</item>
/// <item>Pre-emphasis off: the CNN learns its own spectral tilt; pre-emphasis would only move energy between bands.</item>
/// <item>Noise reduction off: it adapts over time, so a 5 s training clip and a 24/7 stream would see different
/// noise estimates for the same sound. Frames match bit for bit only when both sides run the same setting, and the
/// model file records which one was used.</item>
/// </list>
/// </remarks>
public sealed record FrontendConfig
{
    /// <summary>Key prefix of every metadata entry written by <see cref="ToMetadata"/>.</summary>
    public const string MetadataPrefix = "frontend.";

    /// <summary>The product's defaults (see the remarks on this type).</summary>
    public static FrontendConfig Default { get; } = new();

    /// <summary>Input sample rate in Hz (PCM int16). Default 16000.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Analysis window length in samples (Hann). Default 512 (32 ms).</summary>
    public int WindowSamples { get; init; } = 512;

    /// <summary>Samples between the starts of two frames. Default 256 (16 ms).</summary>
    public int HopSamples { get; init; } = 256;

    /// <summary>FFT length (power of two, at least the window; the window is zero-padded). Default 512.</summary>
    public int FftSize { get; init; } = 512;

    /// <summary>Number of mel bands, i.e. int8 values per frame. Default 64.</summary>
    public int MelBands { get; init; } = 64;

    /// <summary>Lower edge of the lowest mel band in Hz. Default 60.</summary>
    public double LowHz { get; init; } = 60;

    /// <summary>Upper edge of the highest mel band in Hz. Default 7800.</summary>
    public double HighHz { get; init; } = 7800;

    /// <summary>One-pole DC-removal high-pass (about 13 Hz at 16 kHz) before framing. Default on.</summary>
    public bool DcRemoval { get; init; } = true;

    /// <summary>First-order pre-emphasis y[n] = x[n] - 0.97 x[n-1]. Default off.</summary>
    public bool PreEmphasis { get; init; }

    /// <summary>Adaptive per-band noise-floor subtraction (PCAN-like). Default off: see the remarks on this type.</summary>
    public bool NoiseReduction { get; init; }

    /// <summary>Number of frames <see cref="Frontend.ComputeClip"/> makes from <paramref name="samples"/> samples.</summary>
    public int FrameCount(int samples) =>
        samples < WindowSamples ? 0 : 1 + ((samples - WindowSamples) / HopSamples);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property whose value cannot work.</summary>
    public void Validate()
    {
        if (SampleRate < 1000 || SampleRate > 192000)
        {
            throw Bad(nameof(SampleRate), SampleRate, "must be between 1000 and 192000 Hz");
        }

        if (FftSize < 64 || FftSize > 4096 || (FftSize & (FftSize - 1)) != 0)
        {
            throw Bad(nameof(FftSize), FftSize, "must be a power of two between 64 and 4096");
        }

        if (WindowSamples < 16 || WindowSamples > FftSize)
        {
            throw Bad(nameof(WindowSamples), WindowSamples, $"must be between 16 and FftSize ({FftSize})");
        }

        if (HopSamples < 1 || HopSamples > WindowSamples)
        {
            throw Bad(nameof(HopSamples), HopSamples, $"must be between 1 and WindowSamples ({WindowSamples})");
        }

        if (MelBands < 1 || MelBands > 256)
        {
            throw Bad(nameof(MelBands), MelBands, "must be between 1 and 256");
        }

        if (!double.IsFinite(LowHz) || LowHz < 0)
        {
            throw Bad(nameof(LowHz), LowHz, "must be a finite frequency of at least 0 Hz");
        }

        double nyquist = SampleRate / 2.0;
        if (!double.IsFinite(HighHz) || HighHz <= LowHz || HighHz > nyquist)
        {
            throw Bad(nameof(HighHz), HighHz, $"must be above LowHz ({Format(LowHz)}) and at most half the sample rate ({Format(nyquist)})");
        }

        int emptyBand = MelBandLayout.FirstEmptyBand(this);
        if (emptyBand >= 0)
        {
            throw Bad(nameof(MelBands), MelBands,
                $"is too many for FftSize {FftSize} between {Format(LowHz)} and {Format(HighHz)} Hz: band {emptyBand} contains no FFT bin");
        }
    }

    /// <summary>The configuration as <c>frontend.*</c> key/value pairs for a model file's metadata, including the
    /// int8 scale (<see cref="LogMelScale"/>) the frames were made with.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        [Key(nameof(SampleRate))] = SampleRate.ToString(CultureInfo.InvariantCulture),
        [Key(nameof(WindowSamples))] = WindowSamples.ToString(CultureInfo.InvariantCulture),
        [Key(nameof(HopSamples))] = HopSamples.ToString(CultureInfo.InvariantCulture),
        [Key(nameof(FftSize))] = FftSize.ToString(CultureInfo.InvariantCulture),
        [Key(nameof(MelBands))] = MelBands.ToString(CultureInfo.InvariantCulture),
        [Key(nameof(LowHz))] = Format(LowHz),
        [Key(nameof(HighHz))] = Format(HighHz),
        [Key(nameof(DcRemoval))] = FormatBool(DcRemoval),
        [Key(nameof(PreEmphasis))] = FormatBool(PreEmphasis),
        [Key(nameof(NoiseReduction))] = FormatBool(NoiseReduction),
        [ScaleKey] = LogMelScale.Description,
    };

    /// <summary>Rebuilds a configuration from <see cref="ToMetadata"/>'s keys (other keys are ignored) and validates it.
    /// Throws <see cref="FormatException"/> naming a missing or unreadable key, or a scale this build does not produce.</summary>
    public static FrontendConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string scale = Required(metadata, ScaleKey);
        if (scale != LogMelScale.Description)
        {
            throw new FormatException($"Metadata key '{ScaleKey}' is '{scale}', but this frontend produces '{LogMelScale.Description}'.");
        }

        var config = new FrontendConfig
        {
            SampleRate = ReadInt(metadata, nameof(SampleRate)),
            WindowSamples = ReadInt(metadata, nameof(WindowSamples)),
            HopSamples = ReadInt(metadata, nameof(HopSamples)),
            FftSize = ReadInt(metadata, nameof(FftSize)),
            MelBands = ReadInt(metadata, nameof(MelBands)),
            LowHz = ReadDouble(metadata, nameof(LowHz)),
            HighHz = ReadDouble(metadata, nameof(HighHz)),
            DcRemoval = ReadBool(metadata, nameof(DcRemoval)),
            PreEmphasis = ReadBool(metadata, nameof(PreEmphasis)),
            NoiseReduction = ReadBool(metadata, nameof(NoiseReduction)),
        };
        config.Validate();
        return config;
    }

    /// <summary>Metadata key of the int8 scale description.</summary>
    public const string ScaleKey = MetadataPrefix + "int8_scale";

    /// <summary>Metadata key of a property: <c>frontend.</c> + snake_case name, e.g. <c>frontend.sample_rate</c>.</summary>
    public static string Key(string propertyName)
    {
        var text = new System.Text.StringBuilder(MetadataPrefix);
        for (int i = 0; i < propertyName.Length; i++)
        {
            char c = propertyName[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static ArgumentException Bad(string property, object value, string problem) =>
        new($"FrontendConfig.{property} = {Convert.ToString(value, CultureInfo.InvariantCulture)} {problem}.", property);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatBool(bool value) => value ? "true" : "false";

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? value)
            ? value
            : throw new FormatException($"Metadata key '{key}' is missing.");

    private static int ReadInt(IReadOnlyDictionary<string, string> metadata, string property)
    {
        string key = Key(property);
        string text = Required(metadata, key);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"Metadata key '{key}' = '{text}' is not an integer.");
    }

    private static double ReadDouble(IReadOnlyDictionary<string, string> metadata, string property)
    {
        string key = Key(property);
        string text = Required(metadata, key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"Metadata key '{key}' = '{text}' is not a number.");
    }

    private static bool ReadBool(IReadOnlyDictionary<string, string> metadata, string property)
    {
        string key = Key(property);
        string text = Required(metadata, key);
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw new FormatException($"Metadata key '{key}' = '{text}' is not 'true' or 'false'."),
        };
    }
}
