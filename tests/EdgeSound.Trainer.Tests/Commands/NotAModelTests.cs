using EdgeSound.Inference;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Tests.Shared;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// Every option that reads a model file (<c>train --base</c>, <c>train --teacher</c>, <c>evaluate --model</c>,
/// <c>seal --model</c>) given a file that is not an EdgeSound model: one line naming the file, exit 2, nothing trained
/// or written, never an unhandled exception.
/// </summary>
public sealed class NotAModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-notamodel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Kinds => ["random", "text", "truncated", "graphless", "foreign-graph"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Train_base_names_the_file(string kind)
    {
        string model = Make(kind);
        string output = Path.Combine(_dir, "out.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", Data(), "--out", output, "--base", model, "--epochs", "1", "--threads", "1");
        AssertOneLine(code, log, "train failed: ", model);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Train_base_that_is_a_directory_says_so_naming_base()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        string output = Path.Combine(_dir, "out.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", Data(), "--out", output, "--base", folder, "--epochs", "1", "--threads", "1");
        AssertOneLine(code, log, "train failed: ", folder);
        string line = log.Split('\n').Single(l => l.StartsWith("train failed: ", StringComparison.Ordinal));
        Assert.Contains("--base", line, StringComparison.Ordinal);
        Assert.Contains("is a directory", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Train_base_that_is_an_empty_file_says_it_is_empty_not_to_seal_it()
    {
        string model = Path.Combine(_dir, "empty.onnx");
        File.WriteAllBytes(model, []);
        string output = Path.Combine(_dir, "out.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", Data(), "--out", output, "--base", model, "--epochs", "1", "--threads", "1");
        AssertOneLine(code, log, "train failed: ", model);
        string line = log.Split('\n').Single(l => l.StartsWith("train failed: ", StringComparison.Ordinal));
        Assert.Contains("is empty (0 bytes)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("seal", line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Train_teacher_names_the_file(string kind)
    {
        string model = Make(kind);
        string output = Path.Combine(_dir, "out.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", Data(), "--out", output, "--teacher", model, "--epochs", "1", "--threads", "1", "--noise", "0");
        AssertOneLine(code, log, "train failed: ", model);
        Assert.DoesNotContain("epoch 1", log, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Evaluate_names_the_file(string kind)
    {
        string model = Make(kind);
        var (code, stdout, log) = TrainerCli.Run("evaluate", "--model", model, "--data", Data(), "--json", "--workers", "1");
        AssertOneLine(code, log, "evaluate failed: ", model);
        Assert.Equal("", stdout);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Seal_names_the_file_and_leaves_it(string kind)
    {
        string model = Make(kind);
        byte[] before = File.ReadAllBytes(model);
        var (code, _, log) = TrainerCli.Run("seal", "--model", model);
        AssertOneLine(code, log, "seal failed: ", model);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    /// <summary>Exit 2 and one line on stderr (after the data summary lines) that starts with the verb's prefix and names the file.</summary>
    private static void AssertOneLine(int code, string log, string prefix, string file)
    {
        string[] failures = [.. log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];
        Assert.True(code == 2, log);
        Assert.Single(failures);
        Assert.Contains(file, failures[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    /// <summary>Two classes of two tone clips each, in a folder per class.</summary>
    private string Data() => ToneClip.Folders(Path.Combine(_dir, "data"), ("low", 300.0), ("high", 2500.0));

    private string Make(string kind)
    {
        string path = Path.Combine(_dir, $"{kind}.onnx");
        byte[] shipped = File.ReadAllBytes(RepoPaths.File("firmware/models/edgesound.onnx"));
        byte[] bytes = kind switch
        {
            "random" => RandomBytes(),
            "text" => "this is not a model\nlabels: dog, cat\n"u8.ToArray(),
            "truncated" => shipped[..(shipped.Length / 2)],
            "graphless" => ModelDigest.Seal(new ModelProto { IrVersion = 8, ProducerName = "x" }.ToByteArray()),
            "foreign-graph" => ModelDigest.Seal(ForeignGraph().ToByteArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A sealed model whose graph has a 4-D input and initializers named like the trainer's, but no values in them.</summary>
    private static ModelProto ForeignGraph()
    {
        var input = new ValueInfoProto { Name = "input", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = new TensorShapeProto() } } };
        foreach (long d in new long[] { 1, 1, 96, 64 })
        {
            input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(input);
        var denseW = new TensorProto { Name = "dense_w", DataType = (int)TensorProto.Types.DataType.Int8 };
        denseW.Dims.Add([2, 10]);
        graph.Initializer.Add(denseW);
        graph.Initializer.Add(new TensorProto { Name = "input_scale", DataType = (int)TensorProto.Types.DataType.Float });
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
        return model;
    }
}
