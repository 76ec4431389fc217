using System.Runtime.InteropServices;
using EdgeSound.Native.OnnxRuntime.Interop;

namespace EdgeSound.Native.OnnxRuntime;

/// <summary>
/// An ONNX Runtime inference session on the CPU. Reads the model's inputs, outputs and metadata once at load.
/// <see cref="Run(ReadOnlySpan{OrtTensor}, ReadOnlySpan{OrtTensor})"/> with pre-allocated outputs makes no managed
/// allocation. One session may be run from one thread at a time by this wrapper's callers; use one session per
/// worker for parallel work.
/// </summary>
public sealed unsafe class OrtSession : IDisposable
{
    private const int LoggingLevelError = 3; // OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR

    private readonly OrtHandle _env;
    private readonly OrtHandle _session;
    private readonly OrtHandle _metadata;
    private readonly NativeNames _inputNames;
    private readonly NativeNames _outputNames;

    private OrtSession(OrtHandle env, OrtHandle session)
    {
        _env = env;
        _session = session;
        OrtApi api = OrtApi.Instance;
        nint s = session.DangerousGetHandle();
        try
        {
            Inputs = ReadInfos(api, s, input: true);
            Outputs = ReadInfos(api, s, input: false);
            nint metadata;
            api.Check(api.SessionGetModelMetadata(s, &metadata), "SessionGetModelMetadata");
            _metadata = OrtHandle.Own(OrtObject.ModelMetadata, metadata);
            Metadata = ReadMetadata(api, metadata);
            _inputNames = new NativeNames(Inputs);
            _outputNames = new NativeNames(Outputs);
        }
        catch
        {
            _metadata?.Dispose();
            session.Dispose();
            env.Dispose();
            throw;
        }
    }

    /// <summary>Version string of the loaded ONNX Runtime library, for example "1.30.0".</summary>
    public static string RuntimeVersion => OrtLibrary.Version;

    /// <summary>Where the ONNX Runtime library was loaded from.</summary>
    public static string RuntimePath => OrtLibrary.LoadedFrom;

    public IReadOnlyList<OrtTensorInfo> Inputs { get; }

    public IReadOnlyList<OrtTensorInfo> Outputs { get; }

    public OrtModelMetadata Metadata { get; }

    /// <summary>Loads a model file. Throws <see cref="OrtException"/> with ORT's message when it cannot.</summary>
    public static OrtSession Load(string path, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OrtApi api = OrtApi.Instance;
        using OrtHandle opts = CreateOptions(api, options ?? new OrtSessionOptions());
        OrtHandle env = CreateEnv(api);
        nint utf8 = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            nint session;
            api.Check(api.CreateSession(env.DangerousGetHandle(), (byte*)utf8, opts.DangerousGetHandle(), &session));
            return new OrtSession(env, OrtHandle.Own(OrtObject.Session, session));
        }
        catch
        {
            env.Dispose();
            throw;
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    /// <summary>Loads a model from its serialized bytes.</summary>
    public static OrtSession FromBytes(ReadOnlySpan<byte> model, OrtSessionOptions? options = null)
    {
        OrtApi api = OrtApi.Instance;
        using OrtHandle opts = CreateOptions(api, options ?? new OrtSessionOptions());
        OrtHandle env = CreateEnv(api);
        try
        {
            nint session;
            fixed (byte* data = model)
            {
                api.Check(api.CreateSessionFromArray(
                    env.DangerousGetHandle(), data, (nuint)model.Length, opts.DangerousGetHandle(), &session));
            }

            return new OrtSession(env, OrtHandle.Own(OrtObject.Session, session));
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    /// <summary>Looks one key up in the model's <c>metadata_props</c> through ORT (null when absent).</summary>
    public string? LookupMetadata(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        OrtApi api = OrtApi.Instance;
        nint utf8 = Marshal.StringToCoTaskMemUTF8(key);
        try
        {
            byte* value;
            api.Check(
                api.ModelMetadataLookupCustomMetadataMap(_metadata.DangerousGetHandle(), api.DefaultAllocator, (byte*)utf8, &value),
                "ModelMetadataLookupCustomMetadataMap");
            return api.TakeString(value);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    /// <summary>Runs the model: one tensor per input and per output, in the order of
    /// <see cref="Inputs"/> and <see cref="Outputs"/>; ORT writes the results into the given output tensors.</summary>
    public void Run(ReadOnlySpan<OrtTensor> inputs, ReadOnlySpan<OrtTensor> outputs)
    {
        CheckCount(inputs.Length, Inputs.Count, "inputs");
        CheckCount(outputs.Length, Outputs.Count, "outputs");
        nint* inputValues = stackalloc nint[inputs.Length];
        nint* outputValues = stackalloc nint[outputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputValues[i] = inputs[i].Value;
        }

        for (int i = 0; i < outputs.Length; i++)
        {
            outputValues[i] = outputs[i].Value;
        }

        RunCore(inputValues, inputs.Length, outputValues, outputs.Length);
        for (int i = 0; i < outputs.Length; i++)
        {
            if (outputValues[i] != outputs[i].Value)
            {
                throw new InvalidOperationException($"ONNX Runtime replaced the pre-allocated output '{Outputs[i].Name}'.");
            }
        }
    }

    /// <summary>Runs the model and returns the outputs ORT allocated (the caller disposes them).</summary>
    public OrtTensor[] Run(ReadOnlySpan<OrtTensor> inputs)
    {
        CheckCount(inputs.Length, Inputs.Count, "inputs");
        nint* inputValues = stackalloc nint[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputValues[i] = inputs[i].Value;
        }

        var outputValues = new nint[Outputs.Count];
        fixed (nint* outs = outputValues)
        {
            RunCore(inputValues, inputs.Length, outs, outputValues.Length);
        }

        var result = new OrtTensor[outputValues.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = OrtTensor.Adopt(outputValues[i]);
        }

        return result;
    }

    public void Dispose()
    {
        _metadata.Dispose();
        _session.Dispose();
        _inputNames.Dispose();
        _outputNames.Dispose();
        _env.Dispose();
    }

    internal static IReadOnlyList<long> ReadDimensions(OrtApi api, nint tensorInfo, out string[] symbolic)
    {
        nuint count;
        api.Check(api.GetDimensionsCount(tensorInfo, &count), "GetDimensionsCount");
        var dims = new long[(int)count];
        var names = new byte*[(int)count];
        fixed (long* d = dims)
        fixed (byte** n = names)
        {
            api.Check(api.GetDimensions(tensorInfo, d, count), "GetDimensions");
            api.Check(api.GetSymbolicDimensions(tensorInfo, n, count), "GetSymbolicDimensions");
        }

        symbolic = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            symbolic[i] = names[i] == null ? "" : Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
        }

        return dims;
    }

    private void RunCore(nint* inputs, int inputCount, nint* outputs, int outputCount)
    {
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        OrtApi api = OrtApi.Instance;
        api.Check(
            api.Run(_session.DangerousGetHandle(), 0, _inputNames.Pointers, inputs, (nuint)inputCount,
                _outputNames.Pointers, (nuint)outputCount, outputs),
            "Run");
    }

    private static void CheckCount(int given, int expected, string what)
    {
        if (given != expected)
        {
            throw new ArgumentException($"The model has {expected} {what}; {given} were given.", what);
        }
    }

    /// <summary>
    /// ORT keeps one environment per process and counts references to it: every session takes one here and gives
    /// it back after the session is released, so the environment lives exactly as long as some session does.
    /// </summary>
    private static OrtHandle CreateEnv(OrtApi api)
    {
        nint env;
        fixed (byte* logId = "edgesound"u8)
        {
            api.Check(api.CreateEnv(LoggingLevelError, logId, &env), "CreateEnv");
        }

        return OrtHandle.Own(OrtObject.Env, env);
    }

    private static OrtHandle CreateOptions(OrtApi api, OrtSessionOptions options)
    {
        nint raw;
        api.Check(api.CreateSessionOptions(&raw), "CreateSessionOptions");
        OrtHandle handle = OrtHandle.Own(OrtObject.SessionOptions, raw);
        try
        {
            api.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads), "SetIntraOpNumThreads");
            api.Check(api.SetInterOpNumThreads(raw, options.InterOpThreads), "SetInterOpNumThreads");
            api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.Optimization), "SetSessionGraphOptimizationLevel");
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static OrtTensorInfo[] ReadInfos(OrtApi api, nint session, bool input)
    {
        nuint count;
        api.Check(input ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count),
            input ? "SessionGetInputCount" : "SessionGetOutputCount");
        var infos = new OrtTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            api.Check(input
                    ? api.SessionGetInputName(session, i, api.DefaultAllocator, &name)
                    : api.SessionGetOutputName(session, i, api.DefaultAllocator, &name),
                input ? "SessionGetInputName" : "SessionGetOutputName");
            string text = api.TakeString(name) ?? "";

            nint typeInfo;
            api.Check(input
                    ? api.SessionGetInputTypeInfo(session, i, &typeInfo)
                    : api.SessionGetOutputTypeInfo(session, i, &typeInfo),
                input ? "SessionGetInputTypeInfo" : "SessionGetOutputTypeInfo");
            using OrtHandle typeHandle = OrtHandle.Own(OrtObject.TypeInfo, typeInfo);
            infos[(int)i] = ReadInfo(api, text, typeInfo);
        }

        return infos;
    }

    private static OrtTensorInfo ReadInfo(OrtApi api, string name, nint typeInfo)
    {
        int kind;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &kind), "GetOnnxTypeFromTypeInfo");
        nint tensorInfo;
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo");
        if (tensorInfo == 0)
        {
            return new OrtTensorInfo(name, (OrtValueKind)kind, OrtElementType.Undefined, [], []);
        }

        // tensorInfo belongs to typeInfo: not released separately.
        int type;
        api.Check(api.GetTensorElementType(tensorInfo, &type), "GetTensorElementType");
        IReadOnlyList<long> dims = ReadDimensions(api, tensorInfo, out string[] symbolic);
        return new OrtTensorInfo(name, (OrtValueKind)kind, (OrtElementType)type, dims, symbolic);
    }

    private static OrtModelMetadata ReadMetadata(OrtApi api, nint metadata)
    {
        byte* producer;
        byte* graph;
        long version;
        api.Check(api.ModelMetadataGetProducerName(metadata, api.DefaultAllocator, &producer), "ModelMetadataGetProducerName");
        string producerName = api.TakeString(producer) ?? "";
        api.Check(api.ModelMetadataGetGraphName(metadata, api.DefaultAllocator, &graph), "ModelMetadataGetGraphName");
        string graphName = api.TakeString(graph) ?? "";
        api.Check(api.ModelMetadataGetVersion(metadata, &version), "ModelMetadataGetVersion");

        byte** keys;
        long keyCount;
        api.Check(api.ModelMetadataGetCustomMetadataMapKeys(metadata, api.DefaultAllocator, &keys, &keyCount),
            "ModelMetadataGetCustomMetadataMapKeys");
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys != null)
        {
            try
            {
                for (long k = 0; k < keyCount; k++)
                {
                    string key = Marshal.PtrToStringUTF8((nint)keys[k]) ?? "";
                    byte* value;
                    api.Check(api.ModelMetadataLookupCustomMetadataMap(metadata, api.DefaultAllocator, keys[k], &value),
                        "ModelMetadataLookupCustomMetadataMap");
                    custom[key] = api.TakeString(value) ?? "";
                }
            }
            finally
            {
                for (long k = 0; k < keyCount; k++)
                {
                    api.Check(api.AllocatorFree(api.DefaultAllocator, keys[k]), "AllocatorFree");
                }

                api.Check(api.AllocatorFree(api.DefaultAllocator, keys), "AllocatorFree");
            }
        }

        return new OrtModelMetadata(producerName, graphName, version, custom);
    }

    /// <summary>Input or output names as a native array of null-terminated UTF-8 strings, built once.</summary>
    private sealed class NativeNames : IDisposable
    {
        private readonly int _count;

        public NativeNames(IReadOnlyList<OrtTensorInfo> infos)
        {
            _count = infos.Count;
            Pointers = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(_count, 1), (nuint)sizeof(byte*));
            for (int i = 0; i < _count; i++)
            {
                Pointers[i] = (byte*)Marshal.StringToCoTaskMemUTF8(infos[i].Name);
            }
        }

        public byte** Pointers { get; private set; }

        public void Dispose()
        {
            if (Pointers == null)
            {
                return;
            }

            for (int i = 0; i < _count; i++)
            {
                Marshal.FreeCoTaskMem((nint)Pointers[i]);
            }

            NativeMemory.Free(Pointers);
            Pointers = null;
        }
    }
}
