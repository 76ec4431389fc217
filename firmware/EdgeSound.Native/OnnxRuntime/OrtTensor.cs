using System.Runtime.InteropServices;
using EdgeSound.Native.OnnxRuntime.Interop;

namespace EdgeSound.Native.OnnxRuntime;

/// <summary>
/// A dense tensor as an ORT value. <see cref="Create"/> allocates a 64-byte aligned, zeroed native buffer that the
/// tensor owns and ORT reads or writes in place (bind it once, fill it, run many times: no copies, no allocation);
/// tensors returned by <see cref="OrtSession.Run(ReadOnlySpan{OrtTensor})"/> hold memory ORT allocated.
/// </summary>
public sealed unsafe class OrtTensor : IDisposable
{
    private const nuint Alignment = 64;
    private const int AllocatorTypeArena = 1; // OrtAllocatorType.OrtArenaAllocator
    private const int MemTypeDefault = 0; // OrtMemType.OrtMemTypeDefault

    private readonly OrtHandle _value;
    private void* _ownedBuffer;

    private OrtTensor(OrtHandle value, void* ownedBuffer)
    {
        _value = value;
        _ownedBuffer = ownedBuffer;
        OrtApi api = OrtApi.Instance;
        void* data;
        api.Check(api.GetTensorMutableData(value.DangerousGetHandle(), &data), "GetTensorMutableData");
        Data = data;

        nint info;
        api.Check(api.GetTensorTypeAndShape(value.DangerousGetHandle(), &info), "GetTensorTypeAndShape");
        using OrtHandle infoHandle = OrtHandle.Own(OrtObject.TensorTypeAndShapeInfo, info);
        int type;
        api.Check(api.GetTensorElementType(info, &type), "GetTensorElementType");
        ElementType = (OrtElementType)type;
        Shape = OrtSession.ReadDimensions(api, info, out _);
        nuint count;
        api.Check(api.GetTensorShapeElementCount(info, &count), "GetTensorShapeElementCount");
        ElementCount = checked((long)count);
    }

    public OrtElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public long ElementCount { get; }

    internal void* Data { get; }

    internal nint Value => _value.DangerousGetHandle();

    /// <summary>Creates a tensor over a new zeroed native buffer of the given element type and fixed shape.</summary>
    public static OrtTensor Create(OrtElementType type, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Tensor shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            }

            count = checked(count * d);
        }

        nuint bytes = checked((nuint)(count * OrtElementSizes.SizeOf(type)));
        void* buffer = NativeMemory.AlignedAlloc(Math.Max(bytes, 1), Alignment);
        try
        {
            NativeMemory.Clear(buffer, bytes);
            OrtApi api = OrtApi.Instance;
            nint memoryInfo;
            api.Check(api.CreateCpuMemoryInfo(AllocatorTypeArena, MemTypeDefault, &memoryInfo), "CreateCpuMemoryInfo");
            // The tensor keeps its own copy of the memory description.
            using OrtHandle memory = OrtHandle.Own(OrtObject.MemoryInfo, memoryInfo);
            nint value;
            fixed (long* dims = shape)
            {
                api.Check(
                    api.CreateTensorWithDataAsOrtValue(memoryInfo, buffer, bytes, dims, (nuint)shape.Length, (int)type, &value),
                    "CreateTensorWithDataAsOrtValue");
            }

            return new OrtTensor(OrtHandle.Own(OrtObject.Value, value), buffer);
        }
        catch
        {
            NativeMemory.AlignedFree(buffer);
            throw;
        }
    }

    internal static OrtTensor Adopt(nint value) => new(OrtHandle.Own(OrtObject.Value, value), null);

    /// <summary>The elements, read-write. <typeparamref name="T"/> must have the element type's size.</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_value.IsClosed, this);
        if (sizeof(T) != OrtElementSizes.SizeOf(ElementType))
        {
            throw new InvalidOperationException($"Tensor of {ElementType} cannot be viewed as {typeof(T).Name}.");
        }

        return new Span<T>(Data, checked((int)ElementCount));
    }

    public void Dispose()
    {
        _value.Dispose();
        if (_ownedBuffer != null)
        {
            NativeMemory.AlignedFree(_ownedBuffer);
            _ownedBuffer = null;
        }
    }
}
