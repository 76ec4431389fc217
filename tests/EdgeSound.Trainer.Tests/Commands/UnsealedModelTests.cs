using EdgeSound.Learning.Onnx.Proto;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// A model that records no SHA-256 (hand-made, or its entry removed) is refused in one line that names what the
/// user can do: <c>evaluate</c> its <c>--allow-unverified-model</c> flag, a verb without such a flag the trainer's
/// <c>seal</c>, never a name from the code.
/// </summary>
public sealed class UnsealedModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-unsealed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Evaluate_names_its_flag()
    {
        string model = Unsealed();
        string data = ToneClip.Folders(Path.Combine(_dir, "data"), ("low", 300.0), ("high", 2500.0));

        var (code, stdout, error) = TrainerCli.Run("evaluate", "--model", model, "--data", data, "--json", "--workers", "1");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        string line = Assert.Single(error.Split('\n'), l => l.StartsWith("evaluate failed: ", StringComparison.Ordinal));
        Assert.Contains(model, line, StringComparison.Ordinal);
        Assert.EndsWith("needs the explicit override to load: --allow-unverified-model", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Openset_without_such_a_flag_names_seal()
    {
        string model = Unsealed();
        string data = ToneClip.Folders(Path.Combine(_dir, "data"), ("low", 300.0), ("high", 2500.0));

        var (code, _, error) = TrainerCli.Run("openset", "--model", model, "--data", data);

        Assert.Equal(2, code);
        Assert.Contains("record its SHA-256 with the trainer's seal --model FILE", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelLoadOptions", error, StringComparison.Ordinal);
    }

    /// <summary>A copy of the shipped model without its SHA-256 entry.</summary>
    private string Unsealed()
    {
        ModelProto proto = UnsealedCopy.Of("firmware/models/edgesound.onnx");
        string path = Path.Combine(_dir, "unsealed.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }
}
