namespace EdgeSound.Native.OnnxRuntime;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}

/// <summary>An error status returned by ONNX Runtime; <see cref="OrtMessage"/> is ORT's own text.</summary>
public sealed class OrtException : Exception
{
    public OrtException(OrtErrorCode code, string ortMessage, string? context = null)
        : base(context is null ? $"ONNX Runtime {code}: {ortMessage}" : $"{context}: ONNX Runtime {code}: {ortMessage}")
    {
        Code = code;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode Code { get; }

    public string OrtMessage { get; }
}
