using System.Security.Cryptography;
using System.Text.Json;
using EdgeSound.Inference;
using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// <c>train</c> then <c>evaluate</c> on a tiny synthetic ESC-50 folder: the exported model loads in ONNX Runtime with
/// its labels, the card names the file's SHA-256, and the device path (<c>evaluate</c>: frontend, ONNX Runtime, clip
/// decision) reproduces the held-out int8 accuracy the trainer recorded with its own simulation.
/// </summary>
public sealed class TrainEvaluateTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("es-train-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void Trained_model_loads_and_evaluate_reproduces_the_recorded_held_out_accuracy()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_out, "tiny.onnx");

        var (trainCode, _, trainLog) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--folds", "1,2,3", "--val-fold", "3",
            "--epochs", "12", "--threads", "1");
        Assert.True(trainCode == 0, trainLog);

        using (var classifier = SoundClassifier.Load(model))
        {
            Assert.Equal(SyntheticEsc50.Classes, classifier.Labels);
        }

        string card = File.ReadAllText(Path.ChangeExtension(model, ".md"));
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model)));
        Assert.Contains(sha, card, StringComparison.Ordinal);

        double recorded;
        using (var classifier = SoundClassifier.Load(model))
        {
            using var metrics = JsonDocument.Parse(classifier.Metadata[ModelMetadataKeys.Metrics]);
            recorded = metrics.RootElement.GetProperty("held_out").GetProperty("3").GetProperty("int8_accuracy").GetDouble();
        }

        var (evalCode, stdout, evalLog) = TrainerCli.Run("evaluate", "--model", model, "--data", data.Root, "--folds", "3", "--json", "--workers", "1");
        Assert.True(evalCode == 0, evalLog);
        using var result = JsonDocument.Parse(stdout);
        JsonElement root = result.RootElement;
        int clips = SyntheticEsc50.Classes.Length * SyntheticEsc50.ClipsPerClassAndFold;
        Assert.Equal(clips, root.GetProperty("clips").GetInt32());
        Assert.Equal(recorded, Math.Round(root.GetProperty("accuracy").GetDouble(), 4));
        Assert.Equal(SyntheticEsc50.Classes, root.GetProperty("per_class").EnumerateObject().Select(p => p.Name));

        // The exported file records its SHA-256; one flipped weight bit is refused unless explicitly allowed.
        ModelDigest digest = ModelDigest.Of(File.ReadAllBytes(model));
        Assert.True(digest.Matches);
        string flipped = Path.Combine(_out, "flipped.onnx");
        byte[] bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(flipped, bytes);
        var (refusedCode, refusedOut, refusedLog) = TrainerCli.Run("evaluate", "--model", flipped, "--data", data.Root, "--folds", "3", "--json", "--workers", "1");
        Assert.Equal(2, refusedCode);
        Assert.Equal("", refusedOut);
        Assert.Contains(flipped, refusedLog, StringComparison.Ordinal);
        Assert.Contains(digest.Recorded!, refusedLog, StringComparison.Ordinal);
        Assert.Contains(ModelDigest.Of(bytes).Computed, refusedLog, StringComparison.Ordinal);

        var (allowedCode, allowedOut, allowedLog) = TrainerCli.Run("evaluate", "--model", flipped, "--data", data.Root, "--folds", "3", "--json",
            "--workers", "1", "--allow-unverified-model");
        Assert.True(allowedCode == 0, allowedLog);
        Assert.Contains("is unverified", allowedLog, StringComparison.Ordinal);
        using JsonDocument allowed = JsonDocument.Parse(allowedOut);
        Assert.Equal(clips, allowed.RootElement.GetProperty("clips").GetInt32());
    }

    [Fact]
    public void Train_refuses_class_names_that_cannot_be_labels_before_training()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string meta = Path.Combine(data.Root, "meta", "esc50.csv");
        File.WriteAllText(meta, File.ReadAllText(meta).Replace(",clicks,", ",Clicks Loud,", StringComparison.Ordinal));
        string model = Path.Combine(_out, "bad-labels.onnx");

        var (code, _, error) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--folds", "1,2", "--epochs", "1", "--threads", "1");

        Assert.Equal(2, code);
        Assert.Contains("'Clicks Loud' is not a slug", error, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", error, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Evaluate_refuses_a_truncated_model_naming_the_file()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_out, "truncated.onnx");
        File.WriteAllBytes(model, [0x08, 0x08, 0x12, 0x09, 0x65]);

        var (code, stdout, error) = TrainerCli.Run("evaluate", "--model", model, "--data", data.Root, "--json");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(model, error, StringComparison.Ordinal);
    }
}
