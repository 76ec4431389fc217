using System.Globalization;
using System.Text.Json;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeSound.Inference;

/// <summary>
/// An EdgeSound model loaded into ONNX Runtime (Microsoft.ML.OnnxRuntime): its labels, the frontend configuration
/// and window plan from its metadata, and <see cref="Score"/>, which classifies one window of int8 log-mel frames.
/// The input and output are <see cref="OrtValue"/>s over arrays allocated once (pinned for the classifier's life)
/// and bound to the session with an <see cref="OrtIoBinding"/>, so scoring allocates nothing. Not thread-safe: use
/// one classifier (one session) per thread.
/// </summary>
public sealed class SoundClassifier : IDisposable
{
    /// <summary>How far from 1 the scores of one window may sum (float rounding of a softmax over hundreds of labels
    /// stays far below it).</summary>
    private const double ScoreSumTolerance = 1e-3;

    private static readonly (string Name, Func<int, sbyte> Value)[] ProbeWindows =
    [
        ($"a silent window (every value {LogMelScale.Floor})", _ => LogMelScale.Floor),
        ("a window of value 0", _ => 0),
        ($"a full-scale window (every value {sbyte.MaxValue})", _ => sbyte.MaxValue),
        ("a window of mixed values", i => (sbyte)((i * 37 % 256) - 128)),
    ];

    private readonly InferenceSession _session;
    private readonly sbyte[] _inputData;
    private readonly float[] _outputData;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _run;

    private SoundClassifier(string path, InferenceSession session, ModelDigest digest, string[] labels,
        FrontendConfig frontend, WindowPlan plan, int bands, IReadOnlyDictionary<string, double> thresholds, OpenSetRule? openSet)
    {
        ClassThresholds = thresholds;
        OpenSet = openSet;
        ModelPath = path;
        _session = session;
        Digest = digest;
        Labels = labels;
        Frontend = frontend;
        Plan = plan;
        Bands = bands;
        Metadata = session.ModelMetadata.CustomMetadataMap;
        _inputData = new sbyte[plan.WindowFrames * bands];
        _outputData = new float[labels.Length];
        _input = OrtValue.CreateTensorValueFromMemory(_inputData, [1, 1, plan.WindowFrames, bands]);
        _output = OrtValue.CreateTensorValueFromMemory(_outputData, [1, labels.Length]);
        _binding = session.CreateIoBinding();
        _binding.BindInput(ModelMetadataKeys.InputName, _input);
        _binding.BindOutput(ModelMetadataKeys.OutputName, _output);
        _run = new RunOptions();
    }

    /// <summary>
    /// Sample rate in Hz of the audio every model's frontend is fed: the daemon resamples its input to it, the trainer
    /// its clips; a model whose <c>frontend.sample_rate</c> differs is refused at load.
    /// </summary>
    public const int SampleRate = 16000;

    /// <summary>The ONNX Runtime library's version, e.g. <c>1.31.1</c>.</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    public string ModelPath { get; }

    /// <summary>The SHA-256 the file records and the one its bytes give (they differ only when loaded with
    /// <see cref="ModelLoadOptions.AllowUnverified"/>).</summary>
    public ModelDigest Digest { get; }

    /// <summary>Class names, index = class (from <c>edgesound.labels</c>).</summary>
    public string[] Labels { get; }

    /// <summary>The frontend the model was trained on (from the <c>frontend.*</c> metadata).</summary>
    public FrontendConfig Frontend { get; }

    /// <summary>Window length and hop in frames, and the silence rule (from the <c>edgesound.*</c> metadata).</summary>
    public WindowPlan Plan { get; }

    /// <summary>The detector's onset threshold per label calibrated for this model (from
    /// <c>edgesound.class_thresholds</c>); empty when the model carries none. Labels absent from it have none.</summary>
    public IReadOnlyDictionary<string, double> ClassThresholds { get; }

    /// <summary>The open-set rule calibrated for this model (from <c>edgesound.open_set</c>); null when the model carries none.</summary>
    public OpenSetRule? OpenSet { get; }

    /// <summary>Mel bands per frame.</summary>
    public int Bands { get; }

    /// <summary>Number of values one window has: <c>Plan.WindowFrames * Bands</c>.</summary>
    public int WindowLength => Plan.WindowFrames * Bands;

    /// <summary>All <c>metadata_props</c> of the model file.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Loads and checks a model with the default <see cref="ModelLoadOptions"/> (one intra-op thread, the
    /// recorded SHA-256 required).</summary>
    public static SoundClassifier Load(string path) => Load(path, new ModelLoadOptions());

    /// <summary>Loads and checks a model. Throws <see cref="ModelLoadException"/> naming the file when it is missing,
    /// empty, not ONNX (truncated, corrupt), records no SHA-256 or one its bytes do not give (both hashes in the
    /// message; allowed by <see cref="ModelLoadOptions.AllowUnverified"/>), not loadable by ONNX Runtime (with its
    /// message), not shaped like an EdgeSound model, its frontend runs at another rate than <see cref="SampleRate"/>, its output for probe windows is not
    /// one probability per label (logits, NaN), its labels break <see cref="ModelLabels"/>, or its per-label thresholds
    /// break <see cref="ModelThresholds.Read"/>, or its open-set rule breaks <see cref="OpenSetRule.Read"/>.</summary>
    public static SoundClassifier Load(string path, ModelLoadOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);
        return Open(path, ReadFile(path), options);
    }

    /// <summary>Runs every check <see cref="Load(string, ModelLoadOptions)"/> runs (the recorded SHA-256 required) on
    /// a model's bytes before they are written to <paramref name="path"/>, so that a tool never writes a model the
    /// loaders would refuse.</summary>
    /// <exception cref="ModelLoadException">the bytes are no loadable model; the message starts with <paramref name="path"/>.</exception>
    public static void Check(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(bytes);
        using SoundClassifier checkedModel = Open(path, bytes, new ModelLoadOptions());
    }

    private static SoundClassifier Open(string path, byte[] bytes, ModelLoadOptions options)
    {
        ModelDigest digest = CheckDigest(path, bytes, options);
        InferenceSession session = CreateSession(path, bytes, options.IntraOpThreads);
        SoundClassifier classifier;
        try
        {
            (int frames, int bands) = CheckInput(path, session);
            int classes = CheckOutput(path, session);
            IReadOnlyDictionary<string, string> meta = session.ModelMetadata.CustomMetadataMap;
            string[] labels = ReadLabels(path, meta, classes);
            FrontendConfig frontend = ReadFrontend(path, meta);
            if (frontend.SampleRate != SampleRate)
            {
                throw new ModelLoadException(path,
                    $"metadata '{FrontendConfig.Key(nameof(FrontendConfig.SampleRate))}' = '{frontend.SampleRate}': every model's frontend is fed {SampleRate} Hz audio "
                    + "(the daemon resamples its input to it, the trainer its clips), so its mel bands and times would be wrong");
            }

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

            IReadOnlyDictionary<string, double> thresholds = ModelThresholds.Read(path, meta, labels);
            OpenSetRule? openSet = OpenSetRule.Read(path, meta, labels, bands);
            classifier = new SoundClassifier(path, session, digest, labels, frontend, plan, bands, thresholds, openSet);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        try
        {
            classifier.CheckScores();
            return classifier;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Scores probe windows (silence, the middle of the int8 scale, full scale, a fixed mixture) and refuses a model
    /// whose output is not one probability per label for each: finite, in [0, 1], summing to 1 within
    /// <see cref="ScoreSumTolerance"/>. Logits (a graph without its final Softmax), sigmoids or a NaN weight would
    /// otherwise reach the detector, which raises no event on NaN and events scored outside 0..1 on logits.
    /// </summary>
    private void CheckScores()
    {
        var window = new sbyte[WindowLength];
        var scores = new float[Labels.Length];
        foreach ((string name, Func<int, sbyte> value) in ProbeWindows)
        {
            for (int i = 0; i < window.Length; i++)
            {
                window[i] = value(i);
            }

            Score(window, scores);
            double sum = 0;
            for (int k = 0; k < scores.Length; k++)
            {
                if (!(scores[k] >= 0 && scores[k] <= 1))
                {
                    throw NotProbabilities(name, $"it gives {Format(scores[k])} for '{Labels[k]}'");
                }

                sum += scores[k];
            }

            if (Math.Abs(sum - 1) > ScoreSumTolerance)
            {
                throw NotProbabilities(name, $"its scores sum to {Format(sum)}");
            }
        }
    }

    private ModelLoadException NotProbabilities(string window, string problem) =>
        new(ModelPath, $"output '{ModelMetadataKeys.OutputName}' is not one probability per label: for {window} {problem} "
            + "(scores must be finite, in [0, 1] and sum to 1; a graph without its final Softmax?)");

    private static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

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

        window.CopyTo(_inputData);
        _session.RunWithBinding(_run, _binding);
        _outputData.CopyTo(scores);
    }

    public void Dispose()
    {
        _binding.Dispose();
        _run.Dispose();
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }

    /// <summary>The bytes of a model file, refused before any parsing when it is a directory, missing, unreadable or empty.</summary>
    /// <exception cref="ModelLoadException">the file cannot be a model; the message starts with the path.</exception>
    public static byte[] ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ModelLoadException(path, "is a directory, not a model file");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelLoadException(path, "model file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"model file cannot be read: {e.Message}", e);
        }

        return bytes.Length == 0 ? throw new ModelLoadException(path, "model file is empty") : bytes;
    }

    private static ModelDigest CheckDigest(string path, byte[] bytes, ModelLoadOptions options)
    {
        ModelDigest digest;
        try
        {
            digest = ModelDigest.Of(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new ModelLoadException(path, e.Message, e);
        }

        if (digest.Matches || options.AllowUnverified)
        {
            return digest;
        }

        throw digest.Recorded is null
            ? new ModelLoadException(path,
                $"the model records no SHA-256 (metadata '{ModelMetadataKeys.ContentSha256}'; its content hashes to {digest.Computed}); "
                + $"a hand-made model needs the explicit override to load: {options.OverrideName}")
            : new ModelLoadException(path,
                $"SHA-256 mismatch: the model records {digest.Recorded} but its content hashes to {digest.Computed} (damaged or altered file); "
                + $"a model altered on purpose needs the explicit override to load: {options.OverrideName}");
    }

    private static InferenceSession CreateSession(string path, byte[] bytes, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(path, $"ONNX Runtime could not load the model: {e.Message}", e);
        }
    }

    private static (int Frames, int Bands) CheckInput(string path, InferenceSession session)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new ModelLoadException(path, $"expected one input, the model has {session.InputMetadata.Count}");
        }

        (string name, NodeMetadata input) = session.InputMetadata.First();
        int[] s = input.IsTensor ? input.Dimensions : [];
        bool shaped = name == ModelMetadataKeys.InputName && input.ElementDataType == TensorElementType.Int8
            && s.Length == 4 && (s[0] == -1 || s[0] == 1) && s[1] == 1 && s[2] > 0 && s[3] > 0;
        if (!shaped)
        {
            throw new ModelLoadException(path,
                $"input must be int8 [N, 1, frames, bands] named '{ModelMetadataKeys.InputName}'; the model's input is {Describe(name, input)}");
        }

        return (s[2], s[3]);
    }

    private static int CheckOutput(string path, InferenceSession session)
    {
        if (!session.OutputMetadata.TryGetValue(ModelMetadataKeys.OutputName, out NodeMetadata? output))
        {
            throw new ModelLoadException(path,
                $"no output named '{ModelMetadataKeys.OutputName}'; the model's outputs are {string.Join(", ", session.OutputNames)}");
        }

        int[] s = output.IsTensor ? output.Dimensions : [];
        bool shaped = output.ElementDataType == TensorElementType.Float && s.Length == 2 && (s[0] == -1 || s[0] == 1) && s[1] > 0;
        if (!shaped)
        {
            throw new ModelLoadException(path,
                $"output must be float [N, classes]; the model's is {Describe(ModelMetadataKeys.OutputName, output)}");
        }

        return s[1];
    }

    private static string Describe(string name, NodeMetadata node) => node.IsTensor
        ? $"'{name}' {node.ElementDataType} [{string.Join(", ", node.Dimensions)}]"
        : $"'{name}' {node.OnnxValueType}";

    private static string[] ReadLabels(string path, IReadOnlyDictionary<string, string> meta, int classes)
    {
        string json = Required(path, meta, ModelMetadataKeys.Labels);
        string?[]? labels;
        try
        {
            labels = JsonSerializer.Deserialize<string?[]>(json);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.Labels}' is not a JSON array of strings: {e.Message}", e);
        }

        if (labels is null)
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.Labels}' must be a JSON array of strings, not null");
        }

        IReadOnlyList<string> problems = ModelLabels.Check(labels);
        if (problems.Count > 0)
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.Labels}': {string.Join("; ", problems)}");
        }

        if (labels.Length != classes)
        {
            throw new ModelLoadException(path,
                $"metadata '{ModelMetadataKeys.Labels}' names {labels.Length} classes but the output has {classes}");
        }

        return labels!;
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

        double exponent = 0;
        if (meta.TryGetValue(ModelMetadataKeys.LevelWeightExponent, out string? weighting)
            && (!double.TryParse(weighting, NumberStyles.Float, CultureInfo.InvariantCulture, out exponent)
                || !(exponent >= 0 && exponent <= WindowPlan.MaxLevelWeightExponent)))
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.LevelWeightExponent}' = '{weighting}' is not a number in [0, {WindowPlan.MaxLevelWeightExponent}]");
        }

        var plan = new WindowPlan(window, hop, silent, exponent);
        try
        {
            plan.Validate();
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == nameof(WindowPlan.HopFrames))
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.HopFrames}' = '{hop}' is larger than '{ModelMetadataKeys.WindowFrames}' = '{window}': "
                + "the audio between windows would go unheard", e);
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
