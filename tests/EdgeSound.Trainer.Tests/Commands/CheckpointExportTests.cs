using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// <c>train --save-float</c> then <c>--load-float</c>: the checkpoint's recorded command is read with the live
/// defaults (a run without <c>--noise</c> trained at the default 0.5 exports without it; one saved before the recipe was
/// recorded counts as trained at the ±6 dB gain of its time), a different distillation
/// setting is refused, background crops and the weight average are recorded and must match, and a refused (or missing) <c>--recipe-check</c>
/// stops the run before any epoch and leaves no model behind.
/// </summary>
public sealed class CheckpointExportTests(SyntheticBaseModel teacher) : IClassFixture<SyntheticBaseModel>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_checkpoint_trained_at_the_default_noise_exports_with_the_defaults()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string checkpoint = Path.Combine(_dir, "m.ckpt");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "a.onnx"), "--epochs", "2", "--threads", "1",
            "--save-float", checkpoint);
        Assert.True(code == 0, log);
        Assert.Contains("white, pink or brown noise (through the frontend) log-added to a crop (p = 0.5, its loudest cell 5-35 dB below the crop's)",
            File.ReadAllText(Path.Combine(_dir, "a.md")), StringComparison.Ordinal);

        var (again, _, exportLog) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "b.onnx"), "--epochs", "2", "--threads", "1",
            "--load-float", checkpoint);
        Assert.True(again == 0, exportLog);
        Assert.Contains("training skipped", exportLog, StringComparison.Ordinal);

        var (refused, _, refusal) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "c.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--load-float", checkpoint);
        Assert.Equal(2, refused);
        Assert.Contains($"{checkpoint}: trained with --epochs 2 --seed 1 --noise 0.5", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_saved_before_the_recipe_was_recorded_counts_as_trained_at_the_old_gain()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string checkpoint = Path.Combine(_dir, "old.ckpt");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "old.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--gain", "-6,6", "--save-float", checkpoint);
        Assert.True(code == 0, log);

        // The note as an earlier trainer wrote it: no recorded recipe, and a command without --gain (it had none).
        var (model, note) = Learning.Neural.CnnCheckpoint.Load(checkpoint);
        var stats = System.Text.Json.Nodes.JsonNode.Parse(note)!.AsObject();
        Assert.Contains("--gain -6,6", (string)stats["Recipe"]!, StringComparison.Ordinal);
        stats.Remove("Recipe");
        stats["Command"] = ((string)stats["Command"]!).Replace(" --gain -6,6", "", StringComparison.Ordinal);
        Learning.Neural.CnnCheckpoint.Save(model, checkpoint, stats.ToJsonString());

        var (refused, _, refusal) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "new.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--load-float", checkpoint);
        Assert.Equal(2, refused);
        Assert.Contains("--gain -6,6,", refusal, StringComparison.Ordinal);
        Assert.Contains("(got --epochs 2 --seed 1 --noise 0 --background-crops 0.1 --ema 0 --gain -12,6,", refusal, StringComparison.Ordinal);

        var (exported, _, exportLog) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "new.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--gain", "-6,6", "--load-float", checkpoint);
        Assert.True(exported == 0, exportLog);
    }

    [Fact]
    public void A_distilled_checkpoint_exports_only_with_its_distillation_settings()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string checkpoint = Path.Combine(_dir, "d.ckpt");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "d.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--teacher", teacher.Model, "--distill", "0.7", "--save-float", checkpoint);
        Assert.True(code == 0, log);

        var (refused, _, refusal) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "e.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--teacher", teacher.Model, "--load-float", checkpoint);
        Assert.Equal(2, refused);
        Assert.Contains("--distill 0.7", refusal, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "e.onnx")));
    }

    [Theory]
    [InlineData("--background-crops", "0.2", "\"background_crops\":\"p=0.2, -65 to -25 dBFS, flat target\"",
        "with p = 0.2 a sample is steady noise alone (-65 to -25 dBFS) with a flat target", "1.5", "--background-crops must be a probability in [0, 1], got 1.5")]
    [InlineData("--ema", "0.9", "\"weight_average\":\"EMA decay 0.9 per step, batch norm re-estimated on 200 batches\"",
        "the model is the exponential moving average of the weights (decay 0.9 per step)", "1", "--ema must be a decay in [0, 1) (0: off), got 1")]
    [InlineData("--gain", "-24,6", "\"gain_db\":[-24,6]", "random gain -24 to +6 dB as an int8 offset", "6,-24",
        "--gain must be MIN,MAX in dB with -60 <= MIN <= MAX <= 30, got 6,-24")]
    public void A_recipe_option_is_recorded_and_a_checkpoint_exports_only_with_it(string option, string value, string metadata, string card, string bad, string badLine)
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string checkpoint = Path.Combine(_dir, "o.ckpt"), model = Path.Combine(_dir, "o.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--epochs", "2", "--threads", "1",
            "--noise", "0", option, value, "--save-float", checkpoint);
        Assert.True(code == 0, log);
        using (var classifier = Inference.SoundClassifier.Load(model))
        {
            Assert.Contains(metadata, classifier.Metadata[Inference.ModelMetadataKeys.Training], StringComparison.Ordinal);
        }

        Assert.Contains(card, File.ReadAllText(Path.ChangeExtension(model, ".md")), StringComparison.Ordinal);

        var (refused, _, refusal) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "o2.onnx"), "--epochs", "2", "--threads", "1",
            "--noise", "0", "--load-float", checkpoint);
        Assert.Equal(2, refused);
        Assert.Contains($"{option} {value}", refusal, StringComparison.Ordinal);

        var (refusedBad, _, badLog) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "o3.onnx"), option, bad);
        Assert.Equal(2, refusedBad);
        Assert.Contains(badLine, badLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_average_needs_every_layer_trained_with_a_base()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "h.onnx"), "--ema", "0.9", "--base", teacher.Model);
        Assert.Equal(2, code);
        Assert.Contains("--ema applies to training every layer: with --base it needs --fine-tune all", log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_recipe_check_stops_the_run_before_training_and_leaves_no_model_file()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_dir, "f.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--epochs", "2", "--threads", "1",
            "--noise", "0", "--recipe-check", teacher.Model);
        Assert.Equal(2, code);
        Assert.Contains("--recipe-check", log, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/2", log, StringComparison.Ordinal);
        Assert.False(File.Exists(model), "the refused run left a model file");

        string missing = Path.Combine(_dir, "no-such-check.onnx");
        var (absent, _, absentLog) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--epochs", "2", "--threads", "1",
            "--noise", "0", "--recipe-check", missing);
        Assert.Equal(2, absent);
        Assert.Contains(missing, absentLog, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/2", absentLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_recipe_check_is_named_with_its_option_before_the_data_is_read()
    {
        string missing = Path.Combine(_dir, "nope.onnx");
        var (code, output, log) = TrainerCli.Run("train", "--data", Path.Combine(_dir, "no-data"), "--out", Path.Combine(_dir, "m.onnx"), "--recipe-check", missing);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"train failed: --recipe-check {missing}: file not found", log.Trim());
    }
}
