using EdgeSound.Native.OnnxRuntime;
using Xunit;

namespace EdgeSound.Native.Tests.OnnxRuntime;

/// <summary>
/// Runs the real ONNX Runtime library. Together these tests call every function the binding reads from the
/// OrtApi table, so a wrong index shows up as a failure (or a crash) here.
/// </summary>
public sealed class OrtSessionTests
{
    [Fact]
    public void Library_is_found_beside_the_tests_and_reports_its_version()
    {
        using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes());
        Assert.Equal("1.30.0", OrtSession.RuntimeVersion);
        Assert.True(File.Exists(OrtSession.RuntimePath), OrtSession.RuntimePath);
        Assert.Equal(AppContext.BaseDirectory, Path.GetDirectoryName(OrtSession.RuntimePath) + Path.DirectorySeparatorChar);
    }

    [Fact]
    public void Inputs_and_outputs_carry_names_types_and_shapes()
    {
        using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes());
        Assert.Equal(2, session.Inputs.Count);
        OrtTensorInfo x = session.Inputs[0];
        Assert.Equal("x", x.Name);
        Assert.Equal(OrtValueKind.Tensor, x.Kind);
        Assert.Equal(OrtElementType.Float, x.ElementType);
        Assert.Equal([-1L, 3L], x.Shape);
        Assert.Equal(["N", ""], x.SymbolicDimensions);
        Assert.Equal("q", session.Inputs[1].Name);
        Assert.Equal(OrtElementType.Int8, session.Inputs[1].ElementType);
        OrtTensorInfo y = Assert.Single(session.Outputs);
        Assert.Equal("y", y.Name);
        Assert.Equal(OrtElementType.Float, y.ElementType);
        Assert.Equal([-1L, 3L], y.Shape);
    }

    [Fact]
    public void Metadata_is_read_through_ort()
    {
        using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes());
        Assert.Equal("edgesound-native-test", session.Metadata.ProducerName);
        Assert.Equal("g", session.Metadata.GraphName);
        Assert.Equal(7, session.Metadata.Version);
        Assert.Equal(2, session.Metadata.Custom.Count);
        Assert.Equal("v", session.Metadata.Custom["k"]);
        Assert.Equal("[\"a\",\"b\",\"c\"]", session.LookupMetadata("edgesound.labels"));
        Assert.Null(session.LookupMetadata("missing"));
    }

    [Fact]
    public void Run_into_preallocated_output_computes_the_graph()
    {
        using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes(), new OrtSessionOptions
        {
            IntraOpThreads = 1,
            Optimization = OrtGraphOptimizationLevel.DisableAll,
        });
        using OrtTensor x = OrtTensor.Create(OrtElementType.Float, 2, 3);
        using OrtTensor q = OrtTensor.Create(OrtElementType.Int8, 2, 3);
        using OrtTensor y = OrtTensor.Create(OrtElementType.Float, 2, 3);
        Assert.Equal([2L, 3L], x.Shape);
        Assert.Equal(6, x.ElementCount);
        Assert.Equal(OrtElementType.Int8, q.ElementType);
        float[] xs = [1f, 2f, 3f, -4f, 5.5f, 0f];
        sbyte[] qs = [-128, 0, 127, 2, -3, 10];
        xs.CopyTo(x.AsSpan<float>());
        qs.CopyTo(q.AsSpan<sbyte>());

        for (int round = 0; round < 2; round++)
        {
            session.Run([x, q], [y]);
            Span<float> ys = y.AsSpan<float>();
            for (int i = 0; i < 6; i++)
            {
                Assert.Equal(xs[i] + TinyOnnxModel.Bias[i % 3] + (0.5f * qs[i]), ys[i]);
            }

            xs[0] += 10f;
            x.AsSpan<float>()[0] = xs[0];
        }
    }

    [Fact]
    public void Run_with_ort_allocated_output_reports_its_shape()
    {
        using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes());
        using OrtTensor x = OrtTensor.Create(OrtElementType.Float, 1, 3);
        using OrtTensor q = OrtTensor.Create(OrtElementType.Int8, 1, 3);
        x.AsSpan<float>().Fill(1f);
        OrtTensor[] outputs = session.Run([x, q]);
        using OrtTensor y = Assert.Single(outputs);
        Assert.Equal(OrtElementType.Float, y.ElementType);
        Assert.Equal([1L, 3L], y.Shape);
        Assert.Equal([1.5f, 0f, 3f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Session_loads_from_a_file_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"es-ort-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TinyOnnxModel.Bytes());
        try
        {
            using OrtSession session = OrtSession.Load(path);
            Assert.Equal("x", session.Inputs[0].Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Errors_carry_ort_code_and_message()
    {
        var garbage = new byte[256];
        new Random(5).NextBytes(garbage);
        OrtException bad = Assert.Throws<OrtException>(() => OrtSession.FromBytes(garbage));
        Assert.NotEqual(OrtErrorCode.Ok, bad.Code);
        Assert.False(string.IsNullOrWhiteSpace(bad.OrtMessage));
        Assert.Contains(bad.OrtMessage, bad.Message);

        string missing = Path.Combine(Path.GetTempPath(), $"es-ort-missing-{Guid.NewGuid():N}.onnx");
        OrtException notFound = Assert.Throws<OrtException>(() => OrtSession.Load(missing));
        Assert.Contains(Path.GetFileName(missing), notFound.Message);

        using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes());
        using OrtTensor wrongShape = OrtTensor.Create(OrtElementType.Float, 1, 4);
        using OrtTensor q = OrtTensor.Create(OrtElementType.Int8, 1, 3);
        OrtException run = Assert.Throws<OrtException>(() => session.Run([wrongShape, q]));
        Assert.Equal(OrtErrorCode.InvalidArgument, run.Code);
        Assert.Throws<ArgumentException>(() => session.Run([q]));
    }

    [Fact]
    public void Tensor_views_must_match_the_element_size()
    {
        using OrtTensor t = OrtTensor.Create(OrtElementType.Int8, 4);
        Assert.Equal(4, t.AsSpan<sbyte>().Length);
        Assert.Throws<InvalidOperationException>(() => t.AsSpan<float>());
        Assert.Throws<ArgumentException>(() => OrtTensor.Create(OrtElementType.Float, 2, -1));
    }

    [Fact]
    public void Sessions_can_be_created_and_released_repeatedly()
    {
        for (int i = 0; i < 5; i++)
        {
            using OrtSession session = OrtSession.FromBytes(TinyOnnxModel.Bytes());
            Assert.Equal(2, session.Inputs.Count);
        }
    }
}

public sealed class OrtLibraryTests
{
    [Fact]
    public void Search_order_is_app_directory_then_environment_then_system()
    {
        string folder = Path.GetTempPath();
        string[] withFolder = [.. EdgeSound.Native.OnnxRuntime.Interop.OrtLibrary.Candidates("/app", folder)];
        Assert.Equal(
            ["/app/libonnxruntime.so.1", Path.Combine(folder, "libonnxruntime.so.1"), "libonnxruntime.so.1", "libonnxruntime.so"],
            withFolder);

        string[] withFile = [.. EdgeSound.Native.OnnxRuntime.Interop.OrtLibrary.Candidates("/app", "/opt/ort/libonnxruntime.so.1.30.0")];
        Assert.Equal("/opt/ort/libonnxruntime.so.1.30.0", withFile[1]);

        string[] without = [.. EdgeSound.Native.OnnxRuntime.Interop.OrtLibrary.Candidates("/app", null)];
        Assert.Equal(["/app/libonnxruntime.so.1", "libonnxruntime.so.1", "libonnxruntime.so"], without);
    }
}
