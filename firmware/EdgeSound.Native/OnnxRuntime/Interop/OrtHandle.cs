using System.Runtime.InteropServices;

namespace EdgeSound.Native.OnnxRuntime.Interop;

/// <summary>Which ORT object a handle owns, and so which <c>ReleaseX</c> frees it.</summary>
internal enum OrtObject
{
    Env,
    SessionOptions,
    Session,
    MemoryInfo,
    Value,
    TypeInfo,
    TensorTypeAndShapeInfo,
    ModelMetadata,
}

/// <summary>Owns one ORT object and releases it with the matching <c>OrtApi::ReleaseX</c>.</summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private OrtHandle(OrtObject kind, nint value)
        : base(0, ownsHandle: true)
    {
        Kind = kind;
        SetHandle(value);
    }

    public OrtObject Kind { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>Wraps a pointer ORT just returned through an out parameter (after a successful status).</summary>
    public static OrtHandle Own(OrtObject kind, nint value)
    {
        if (value == 0)
        {
            throw new InvalidOperationException($"ONNX Runtime returned a null {kind}.");
        }

        return new OrtHandle(kind, value);
    }

    protected override bool ReleaseHandle()
    {
        OrtApi api = OrtApi.Instance;
        switch (Kind)
        {
            case OrtObject.Env: api.ReleaseEnv(handle); break;
            case OrtObject.SessionOptions: api.ReleaseSessionOptions(handle); break;
            case OrtObject.Session: api.ReleaseSession(handle); break;
            case OrtObject.MemoryInfo: api.ReleaseMemoryInfo(handle); break;
            case OrtObject.Value: api.ReleaseValue(handle); break;
            case OrtObject.TypeInfo: api.ReleaseTypeInfo(handle); break;
            case OrtObject.TensorTypeAndShapeInfo: api.ReleaseTensorTypeAndShapeInfo(handle); break;
            case OrtObject.ModelMetadata: api.ReleaseModelMetadata(handle); break;
            default: return false;
        }

        return true;
    }
}
