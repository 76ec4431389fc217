using System.Runtime.InteropServices;

namespace EdgeSound.Native.OnnxRuntime.Interop;

/// <summary>
/// The members of ONNX Runtime's <c>struct OrtApi</c> (onnxruntime_c_api.h) that EdgeSound uses, read from the
/// table at their fixed indices. Every <c>OrtStatus*</c>-returning call goes through <see cref="Check"/>.
/// Opaque ORT objects are passed as <c>nint</c>; strings are null-terminated UTF-8.
/// </summary>
internal sealed unsafe class OrtApi
{
    // Indices of the members in struct OrtApi (counted from CreateStatus = 0; stable across versions).
    internal const int IndexGetErrorCode = 1;
    internal const int IndexGetErrorMessage = 2;
    internal const int IndexCreateEnv = 3;
    internal const int IndexCreateSession = 7;
    internal const int IndexCreateSessionFromArray = 8;
    internal const int IndexRun = 9;
    internal const int IndexCreateSessionOptions = 10;
    internal const int IndexSetSessionGraphOptimizationLevel = 23;
    internal const int IndexSetIntraOpNumThreads = 24;
    internal const int IndexSetInterOpNumThreads = 25;
    internal const int IndexSessionGetInputCount = 30;
    internal const int IndexSessionGetOutputCount = 31;
    internal const int IndexSessionGetInputTypeInfo = 33;
    internal const int IndexSessionGetOutputTypeInfo = 34;
    internal const int IndexSessionGetInputName = 36;
    internal const int IndexSessionGetOutputName = 37;
    internal const int IndexCreateTensorWithDataAsOrtValue = 49;
    internal const int IndexGetTensorMutableData = 51;
    internal const int IndexCastTypeInfoToTensorInfo = 55;
    internal const int IndexGetOnnxTypeFromTypeInfo = 56;
    internal const int IndexGetTensorElementType = 60;
    internal const int IndexGetDimensionsCount = 61;
    internal const int IndexGetDimensions = 62;
    internal const int IndexGetSymbolicDimensions = 63;
    internal const int IndexGetTensorShapeElementCount = 64;
    internal const int IndexGetTensorTypeAndShape = 65;
    internal const int IndexCreateCpuMemoryInfo = 69;
    internal const int IndexAllocatorFree = 76;
    internal const int IndexGetAllocatorWithDefaultOptions = 78;
    internal const int IndexReleaseEnv = 92;
    internal const int IndexReleaseStatus = 93;
    internal const int IndexReleaseMemoryInfo = 94;
    internal const int IndexReleaseSession = 95;
    internal const int IndexReleaseValue = 96;
    internal const int IndexReleaseTypeInfo = 98;
    internal const int IndexReleaseTensorTypeAndShapeInfo = 99;
    internal const int IndexReleaseSessionOptions = 100;
    internal const int IndexSessionGetModelMetadata = 111;
    internal const int IndexModelMetadataGetProducerName = 112;
    internal const int IndexModelMetadataGetGraphName = 113;
    internal const int IndexModelMetadataLookupCustomMetadataMap = 116;
    internal const int IndexModelMetadataGetVersion = 117;
    internal const int IndexReleaseModelMetadata = 118;
    internal const int IndexModelMetadataGetCustomMetadataMapKeys = 123;

    private static readonly Lazy<OrtApi> Shared = new(() => new OrtApi((nint*)OrtLibrary.Api));

    public readonly delegate* unmanaged<nint, int> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetGraphName;
    public readonly delegate* unmanaged<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<nint, long*, nint> ModelMetadataGetVersion;
    public readonly delegate* unmanaged<nint, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys;

    private OrtApi(nint* t)
    {
        GetErrorCode = (delegate* unmanaged<nint, int>)t[IndexGetErrorCode];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)t[IndexGetErrorMessage];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)t[IndexCreateEnv];
        CreateSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)t[IndexCreateSession];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)t[IndexCreateSessionFromArray];
        Run = (delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)t[IndexRun];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)t[IndexCreateSessionOptions];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)t[IndexSetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[IndexSetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[IndexSetInterOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)t[IndexSessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)t[IndexSessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[IndexSessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[IndexSessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[IndexSessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[IndexSessionGetOutputName];
        CreateTensorWithDataAsOrtValue =
            (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[IndexCreateTensorWithDataAsOrtValue];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)t[IndexGetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)t[IndexCastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)t[IndexGetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)t[IndexGetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)t[IndexGetDimensionsCount];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[IndexGetDimensions];
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)t[IndexGetSymbolicDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged<nint, nuint*, nint>)t[IndexGetTensorShapeElementCount];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)t[IndexGetTensorTypeAndShape];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)t[IndexCreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)t[IndexAllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)t[IndexGetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged<nint, void>)t[IndexReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<nint, void>)t[IndexReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)t[IndexReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<nint, void>)t[IndexReleaseSession];
        ReleaseValue = (delegate* unmanaged<nint, void>)t[IndexReleaseValue];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)t[IndexReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)t[IndexReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)t[IndexReleaseSessionOptions];
        SessionGetModelMetadata = (delegate* unmanaged<nint, nint*, nint>)t[IndexSessionGetModelMetadata];
        ModelMetadataGetProducerName = (delegate* unmanaged<nint, nint, byte**, nint>)t[IndexModelMetadataGetProducerName];
        ModelMetadataGetGraphName = (delegate* unmanaged<nint, nint, byte**, nint>)t[IndexModelMetadataGetGraphName];
        ModelMetadataLookupCustomMetadataMap =
            (delegate* unmanaged<nint, nint, byte*, byte**, nint>)t[IndexModelMetadataLookupCustomMetadataMap];
        ModelMetadataGetVersion = (delegate* unmanaged<nint, long*, nint>)t[IndexModelMetadataGetVersion];
        ReleaseModelMetadata = (delegate* unmanaged<nint, void>)t[IndexReleaseModelMetadata];
        ModelMetadataGetCustomMetadataMapKeys =
            (delegate* unmanaged<nint, nint, byte***, long*, nint>)t[IndexModelMetadataGetCustomMetadataMapKeys];

        nint allocator;
        Check(GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;
    }

    /// <summary>The API table, loading the library on first use.</summary>
    public static OrtApi Instance => Shared.Value;

    /// <summary>ORT's default CPU allocator (not owned; never freed).</summary>
    public nint DefaultAllocator { get; }

    /// <summary>Throws <see cref="OrtException"/> with ORT's own message when <paramref name="status"/> is an error.</summary>
    public void Check(nint status, string? context = null)
    {
        if (status == 0)
        {
            return;
        }

        int code = GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        throw new OrtException((OrtErrorCode)code, message, context);
    }

    /// <summary>Copies and frees a string that ORT allocated with the default allocator.</summary>
    public string? TakeString(byte* value)
    {
        if (value == null)
        {
            return null;
        }

        string s = Marshal.PtrToStringUTF8((nint)value) ?? "";
        Check(AllocatorFree(DefaultAllocator, value));
        return s;
    }
}
