using System.Security.Cryptography;
using System.Text.Json;
using EdgeSound.Dsp.Audio;
using EdgeSound.Inference;
using EdgeSound.Learning.Neural;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Tests.Analysis;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>A base model trained once on the synthetic ESC-50 folder, shared by the transfer tests.</summary>
public sealed class SyntheticBaseModel : IDisposable
{
    public SyntheticBaseModel()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Model, "--epochs", "12", "--threads", "1", "--noise", "0");
        Assert.True(code == 0, log);
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("es-base-").FullName;

    public string Model => Path.Combine(Dir, "base.onnx");

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// <c>train --base</c>: a head for two new synthetic classes learned from four examples each on the frozen layers of a
/// base model, judged on clips it never saw; the new file names its base; a base made for another frontend is refused.
/// </summary>
public sealed class TransferLearningTests(SyntheticBaseModel baseModel) : IClassFixture<SyntheticBaseModel>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-transfer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_new_head_learns_two_new_classes_from_four_examples_each()
    {
        string train = Path.Combine(_dir, "train"), test = Path.Combine(_dir, "test");
        var rng = new Random(3);
        foreach (string label in new[] { "chirp", "buzz" })
        {
            for (int k = 0; k < 4; k++)
            {
                Write(Path.Combine(train, label, $"{label}{k}.wav"), label, rng);
                Write(Path.Combine(test, label, $"{label}{k}.wav"), label, rng);
            }
        }

        string model = Path.Combine(_dir, "new.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", train, "--out", model, "--base", baseModel.Model, "--fine-tune", "head",
            "--epochs", "60", "--threads", "1", "--noise", "0");
        Assert.True(code == 0, log);

        var (evalCode, stdout, evalLog) = TrainerCli.Run("evaluate", "--model", model, "--data", test, "--json", "--workers", "1");
        Assert.True(evalCode == 0, evalLog);
        using (var result = JsonDocument.Parse(stdout))
        {
            Assert.Equal(8, result.RootElement.GetProperty("clips").GetInt32());
            Assert.True(result.RootElement.GetProperty("accuracy").GetDouble() >= 0.875, stdout);
        }

        using (var classifier = SoundClassifier.Load(model))
        {
            Assert.Equal(["buzz", "chirp"], classifier.Labels);
            using var transfer = JsonDocument.Parse(classifier.Metadata[ModelMetadataKeys.Base]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(baseModel.Model))), transfer.RootElement.GetProperty("sha256").GetString());
            Assert.Equal("head", transfer.RootElement.GetProperty("fine_tune").GetString());
        }

        float[] before = CnnOnnxImporter.Read(baseModel.Model).Model.Units[2].Conv.Weights.Value;
        float[] after = CnnOnnxImporter.Read(model).Model.Units[2].Conv.Weights.Value;
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.True(Math.Abs(before[i] - after[i]) <= 1e-6f * (1 + Math.Abs(before[i])), $"frozen weight {i} moved: {before[i]} -> {after[i]}");
        }
    }

    [Fact]
    public void A_base_made_for_another_frontend_is_refused_naming_the_key()
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(baseModel.Model));
        StringStringEntryProto bands = proto.MetadataProps.Single(p => p.Key == "frontend.mel_bands");
        bands.Value = "40";
        string other = Path.Combine(_dir, "other-frontend.onnx");
        File.WriteAllBytes(other, ModelDigest.Seal(proto.ToByteArray()));
        string train = Path.Combine(_dir, "train");
        var rng = new Random(5);
        Write(Path.Combine(train, "chirp", "a.wav"), "chirp", rng);
        Write(Path.Combine(train, "buzz", "b.wav"), "buzz", rng);

        var (code, _, log) = TrainerCli.Run("train", "--data", train, "--out", Path.Combine(_dir, "x.onnx"), "--base", other, "--epochs", "1", "--threads", "1");

        Assert.Equal(2, code);
        Assert.Contains(other, log, StringComparison.Ordinal);
        Assert.Contains("frontend.mel_bands is '40' there and '64' here", log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.onnx")));
    }

    [Fact]
    public void A_base_altered_after_it_was_sealed_or_never_sealed_is_refused_before_training()
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(baseModel.Model));
        proto.MetadataProps.Single(p => p.Key == ModelMetadataKeys.Labels).Value = "[\"a\",\"b\"]";
        string altered = Path.Combine(_dir, "altered.onnx");
        File.WriteAllBytes(altered, proto.ToByteArray());
        proto.MetadataProps.Remove(proto.MetadataProps.Single(p => p.Key == ModelMetadataKeys.ContentSha256));
        string unsealed = Path.Combine(_dir, "unsealed.onnx");
        File.WriteAllBytes(unsealed, proto.ToByteArray());
        string train = Path.Combine(_dir, "train");
        var rng = new Random(6);
        Write(Path.Combine(train, "chirp", "a.wav"), "chirp", rng);
        Write(Path.Combine(train, "buzz", "b.wav"), "buzz", rng);

        foreach ((string file, string expected) in new[] { (altered, "(damaged or altered file)"), (unsealed, "records no SHA-256") })
        {
            var (code, _, log) = TrainerCli.Run("train", "--data", train, "--out", Path.Combine(_dir, "x.onnx"), "--base", file, "--epochs", "1", "--threads", "1");
            Assert.Equal(2, code);
            Assert.Contains($"{file}: --base model", log, StringComparison.Ordinal);
            Assert.Contains(expected, log, StringComparison.Ordinal);
            Assert.DoesNotContain("epoch", log, StringComparison.Ordinal);
        }
    }

    /// <summary>One second of a rising chirp (400 Hz to 4 kHz) or a 150 Hz buzz rich in harmonics, random gain and detune.</summary>
    internal static void Write(string path, string label, Random rng)
    {
        const int rate = SyntheticEsc50.Rate;
        var x = new float[rate];
        double gain = 0.2 + 0.3 * rng.NextDouble(), detune = 1 + 0.1 * (rng.NextDouble() - 0.5), phase = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / rate;
            double hz = label == "chirp" ? (400 + 3600 * t) * detune : 150 * detune;
            phase += 2 * Math.PI * hz / rate;
            x[i] = (float)(gain * (label == "chirp" ? Math.Sin(phase) : Math.Sign(Math.Sin(phase)) * 0.7) + 0.01 * (rng.NextDouble() - 0.5));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.WritePcm16(path, x, rate);
    }
}
