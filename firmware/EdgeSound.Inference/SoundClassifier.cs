using System.Globalization;
using System.Text.Json;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Native.OnnxRuntime;

namespace EdgeSound.Inference;

/// <summary>
/// An EdgeSound model loaded into ONNX Runtime: its labels, the frontend configuration and window plan from its
/// metadata, and <see cref="Score"/>, which classifies one window of int8 log-mel frames. The input and output
/// tensors are allocated once and reused, so scoring allocates nothing. Not thread-safe: use one classifier per
/// thread. The session runs single-threaded by default (the device has few cores and other work to do).
/// </summary>
public sealed class SoundClassifier : IDisposable
{
    private readonly OrtSession _session;
    private readonly OrtTensor _input;
    private readonly OrtTensor _output;
    private readonly OrtTensor[] _inputs;
    private readonly OrtTensor[] _outputs;

    private SoundClassifier(
        string path, OrtSession session, string[] labels, FrontendConfig frontend, WindowPlan plan, int bands)
    {
        ModelPath = path;
        _session = session;
        Labels = labels;
        Frontend = frontend;
        Plan = plan;
        Bands = bands;
        _input = OrtTensor.Create(OrtElementType.Int8, 1, 1, plan.WindowFrames, bands);
        _output = OrtTensor.Create(OrtElementType.Float, 1, labels.Length);
        _inputs = [_input];
        _outputs = [_output];
    }

    public string ModelPath { get; }

    /// <summary>Class names, index = class (from <c>edgesound.labels</c>).</summary>
    public string[] Labels { get; }

    /// <summary>The frontend the model was trained on (from the <c>frontend.*</c> metadata).</summary>
    public FrontendConfig Frontend { get; }

    /// <summary>Window length and hop in frames, and the silence rule (from the <c>edgesound.*</c> metadata).</summary>
    public WindowPlan Plan { get; }

    /// <summary>Mel bands per frame.</summary>
    public int Bands { get; }

    /// <summary>Number of values one window has: <c>Plan.WindowFrames * Bands</c>.</summary>
    public int WindowLength => Plan.WindowFrames * Bands;

    /// <summary>All <c>metadata_props</c> of the model file.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.Metadata.Custom;

    /// <summary>Loads and checks a model; the session uses one intra-op thread.</summary>
    public static SoundClassifier Load(string path) => Load(path, intraOpThreads: 1);

    /// <summary>Loads and checks a model. Throws <see cref="ModelLoadException"/> naming the file when it is missing,
    /// not a model ONNX Runtime can load (with ORT's message), or not shaped like an EdgeSound model.</summary>
    public static SoundClassifier Load(string path, int intraOpThreads)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "model file not found");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new ModelLoadException(path, "model file is empty");
        }

        OrtSession session;
        try
        {
            session = OrtSession.Load(path, new OrtSessionOptions { IntraOpThreads = intraOpThreads, InterOpThreads = 1 });
        }
        catch (OrtException e)
        {
            throw new ModelLoadException(path, $"ONNX Runtime could not load the model: {e.OrtMessage}", e);
        }

        try
        {
            (int frames, int bands) = CheckInput(path, session);
            int classes = CheckOutput(path, session);
            IReadOnlyDictionary<string, string> meta = session.Metadata.Custom;
            string[] labels = ReadLabels(path, meta, classes);
            FrontendConfig frontend = ReadFrontend(path, meta);
            if (frontend.MelBands != bands)
            {
                throw new ModelLoadException(path,
                    $"input has {bands} bands but metadata '{FrontendConfig.Key(nameof(FrontendConfig.MelBands))}' says {frontend.MelBands}");
            }

            WindowPlan plan = ReadPlan(path, meta);
            if (plan.WindowFrames != frames)
            {
                throw new ModelLoadException(path,
                    $"input window is {frames} frames but metadata '{ModelMetadataKeys.WindowFrames}' says {plan.WindowFrames}");
            }

            return new SoundClassifier(path, session, labels, frontend, plan, bands);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Scores one window: <paramref name="window"/> holds <see cref="WindowLength"/> int8 values, frame by
    /// frame; <paramref name="scores"/> receives one probability per label.</summary>
    public void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
    {
        if (window.Length != WindowLength)
        {
            throw new ArgumentException(
                $"A window has {Plan.WindowFrames} frames x {Bands} bands = {WindowLength} values; {window.Length} were given.",
                nameof(window));
        }

        if (scores.Length != Labels.Length)
        {
            throw new ArgumentException($"The model has {Labels.Length} classes; scores has {scores.Length} slots.", nameof(scores));
        }

        window.CopyTo(_input.AsSpan<sbyte>());
        _session.Run(_inputs, _outputs);
        _output.AsSpan<float>().CopyTo(scores);
    }

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }

    private static (int Frames, int Bands) CheckInput(string path, OrtSession session)
    {
        if (session.Inputs.Count != 1)
        {
            throw new ModelLoadException(path, $"expected one input, the model has {session.Inputs.Count}");
        }

        OrtTensorInfo input = session.Inputs[0];
        IReadOnlyList<long> s = input.Shape;
        bool shaped = input.Kind == OrtValueKind.Tensor && input.ElementType == OrtElementType.Int8 && s.Count == 4
            && (s[0] == -1 || s[0] == 1) && s[1] == 1 && s[2] > 0 && s[3] > 0;
        if (!shaped)
        {
            throw new ModelLoadException(path, $"input must be int8 [N, 1, frames, bands]; the model's input is {input}");
        }

        return ((int)s[2], (int)s[3]);
    }

    private static int CheckOutput(string path, OrtSession session)
    {
        OrtTensorInfo output = session.Outputs[0];
        IReadOnlyList<long> s = output.Shape;
        bool shaped = output.Kind == OrtValueKind.Tensor && output.ElementType == OrtElementType.Float && s.Count == 2
            && (s[0] == -1 || s[0] == 1) && s[1] > 0;
        if (!shaped)
        {
            throw new ModelLoadException(path, $"first output must be float [N, classes]; the model's is {output}");
        }

        return (int)s[1];
    }

    private static string[] ReadLabels(string path, IReadOnlyDictionary<string, string> meta, int classes)
    {
        string json = Required(path, meta, ModelMetadataKeys.Labels);
        string[]? labels;
        try
        {
            labels = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.Labels}' is not a JSON array of strings: {e.Message}", e);
        }

        if (labels is null || Array.Exists(labels, string.IsNullOrWhiteSpace))
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.Labels}' must be a JSON array of non-empty strings");
        }

        if (labels.Length != classes)
        {
            throw new ModelLoadException(path,
                $"metadata '{ModelMetadataKeys.Labels}' names {labels.Length} classes but the output has {classes}");
        }

        return labels;
    }

    private static FrontendConfig ReadFrontend(string path, IReadOnlyDictionary<string, string> meta)
    {
        try
        {
            return FrontendConfig.FromMetadata(meta);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ModelLoadException(path, $"frontend metadata: {e.Message}", e);
        }
    }

    private static WindowPlan ReadPlan(string path, IReadOnlyDictionary<string, string> meta)
    {
        int window = ReadInt(path, meta, ModelMetadataKeys.WindowFrames);
        int hop = ReadInt(path, meta, ModelMetadataKeys.HopFrames);
        string text = Required(path, meta, ModelMetadataKeys.MaxSilentFraction);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double silent)
            || !(silent >= 0 && silent <= 1))
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.MaxSilentFraction}' = '{text}' is not a number in [0, 1]");
        }

        var plan = new WindowPlan(window, hop, silent);
        try
        {
            plan.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(path, $"window plan metadata: {e.Message}", e);
        }

        return plan;
    }

    private static int ReadInt(string path, IReadOnlyDictionary<string, string> meta, string key)
    {
        string text = Required(path, meta, key);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value <= 0)
        {
            throw new ModelLoadException(path, $"metadata '{key}' = '{text}' is not a positive integer");
        }

        return value;
    }

    private static string Required(string path, IReadOnlyDictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out string? value)
            ? value
            : throw new ModelLoadException(path, $"metadata '{key}' is missing (not an EdgeSound model?)");
}
