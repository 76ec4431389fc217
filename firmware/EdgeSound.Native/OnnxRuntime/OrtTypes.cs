namespace EdgeSound.Native.OnnxRuntime;

/// <summary>ONNX Runtime's <c>ONNXTensorElementDataType</c> (the same numbers as ONNX's TensorProto.DataType).</summary>
public enum OrtElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
}

/// <summary>ONNX Runtime's <c>ONNXType</c>: what kind of value an input or output is.</summary>
public enum OrtValueKind
{
    Unknown = 0,
    Tensor = 1,
    Sequence = 2,
    Map = 3,
    Opaque = 4,
    SparseTensor = 5,
    Optional = 6,
}

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
public enum OrtGraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>How a session is created. The defaults suit the device: one thread, all graph optimizations.</summary>
public sealed record OrtSessionOptions
{
    /// <summary>Threads used inside one operator (0 lets ORT choose, which means one per core).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads used to run independent operators in parallel (sequential execution ignores it).</summary>
    public int InterOpThreads { get; init; } = 1;

    public OrtGraphOptimizationLevel Optimization { get; init; } = OrtGraphOptimizationLevel.All;
}

/// <summary>A session input or output: its name, kind, element type and shape (-1 marks a dynamic dimension,
/// whose symbolic name, if any, is in <see cref="SymbolicDimensions"/>).</summary>
public sealed record OrtTensorInfo(
    string Name,
    OrtValueKind Kind,
    OrtElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string> SymbolicDimensions)
{
    public override string ToString() =>
        $"{Name}: {ElementType} [{string.Join(", ", Shape)}]";
}

/// <summary>The model's own description as ONNX Runtime read it, with its <c>metadata_props</c>.</summary>
public sealed record OrtModelMetadata(
    string ProducerName,
    string GraphName,
    long Version,
    IReadOnlyDictionary<string, string> Custom);

internal static class OrtElementSizes
{
    public static int SizeOf(OrtElementType type) => type switch
    {
        OrtElementType.Float or OrtElementType.Int32 or OrtElementType.UInt32 => 4,
        OrtElementType.UInt8 or OrtElementType.Int8 or OrtElementType.Bool => 1,
        OrtElementType.UInt16 or OrtElementType.Int16 or OrtElementType.Float16 => 2,
        OrtElementType.Int64 or OrtElementType.Double or OrtElementType.UInt64 => 8,
        _ => throw new NotSupportedException($"Tensor element type {type} has no fixed size."),
    };
}
