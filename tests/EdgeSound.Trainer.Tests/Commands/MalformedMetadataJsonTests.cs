using EdgeSound.Inference;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Tests.Shared;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// A sealed model whose <c>edgesound.metrics</c> or <c>edgesound.training</c> entry is not a JSON object (damaged,
/// edited by hand): <c>seal --recipe-check</c>, <c>train --recipe-check</c>, <c>openset</c> and <c>calibrate</c> refuse it in one line naming the file
/// and the key, exit 2, and write nothing.
/// </summary>
public sealed class MalformedMetadataJsonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-metajson-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> Damage => new()
    {
        { ModelMetadataKeys.Metrics, "{\"held_out\": " },
        { ModelMetadataKeys.Metrics, "[1, 2]" },
        { ModelMetadataKeys.Training, "not json" },
        { ModelMetadataKeys.Training, "42" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Train_recipe_check_names_the_file_and_the_key(string key, string value)
    {
        string check = Damaged("firmware/models/recipe-check/edgesound-heldout4.onnx", key, value);
        string output = Path.Combine(_dir, "out.onnx");

        var (code, _, log) = TrainerCli.Run("train", "--data", Data(), "--out", output, "--recipe-check", check, "--epochs", "1", "--threads", "1");

        string line = Assert.Single(log.Split('\n'), l => l.StartsWith("train failed: ", StringComparison.Ordinal));
        Assert.True(code == 2, log);
        Assert.StartsWith($"train failed: {check}: metadata '{key}' is not", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Seal_names_the_model_whose_metrics_are_damaged_and_leaves_it()
    {
        string model = Damaged("firmware/models/edgesound.onnx", ModelMetadataKeys.Metrics, "{\"recipe_check\": [");
        byte[] before = File.ReadAllBytes(model);
        string check = RepoPaths.File("firmware/models/recipe-check/edgesound-heldout4.onnx");

        var (code, _, error) = TrainerCli.Run("seal", "--model", model, "--recipe-check", check);

        Assert.Equal(2, code);
        Assert.StartsWith($"seal failed: {model}: metadata '{ModelMetadataKeys.Metrics}' is not valid JSON", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Theory]
    [InlineData("openset")]
    [InlineData("calibrate")]
    public void Openset_and_calibrate_name_the_model_whose_training_entry_is_damaged(string verb)
    {
        string model = Damaged("firmware/models/recipe-check/edgesound-heldout4.onnx", ModelMetadataKeys.Training, "{\"folds\": [1, 2");
        string[] args = verb == "openset"
            ? ["openset", "--model", model, "--data", Data()]
            : ["calibrate", "--model", model, "--folds", "4", "--data", Data()];

        var (code, _, error) = TrainerCli.Run(args);

        Assert.True(code == 2, error);
        Assert.StartsWith($"{verb} failed: {model}: metadata '{ModelMetadataKeys.Training}' is not valid JSON", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    /// <summary>A sealed copy of a shipped model with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    private string Damaged(string shipped, string key, string value)
    {
        ModelProto proto = UnsealedCopy.Of(shipped);
        proto.MetadataProps.Single(p => p.Key == key).Value = value;
        string path = Path.Combine(_dir, Path.GetFileName(shipped));
        File.WriteAllBytes(path, ModelDigest.Seal(proto.ToByteArray()));
        return path;
    }

    /// <summary>Two classes of two tone clips each, in a folder per class.</summary>
    private string Data() => ToneClip.Folders(Path.Combine(_dir, "data"), ("low", 300.0), ("high", 2500.0));
}
