using EdgeSound.Inference;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// <c>train --window-frames N --blocks ...</c>: the exported model reads windows of N frames (its input, its
/// <c>edgesound.window_frames</c> and ONNX Runtime agree), and a checkpoint, recipe check or base of another shape is
/// refused with the option named; a model trained from it as <c>--base</c> keeps its window.
/// </summary>
public sealed class ArchitectureOptionTests(SyntheticBaseModel baseModel) : IClassFixture<SyntheticBaseModel>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-arch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_model_of_other_window_and_blocks_exports_loads_and_scores_its_windows()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_dir, "w32.onnx"), checkpoint = Path.Combine(_dir, "w32.ckpt");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--folds", "1,2,3", "--val-fold", "3", "--epochs", "2", "--threads", "1",
            "--noise", "0", "--window-frames", "32", "--blocks", "8p,16p,24", "--save-float", checkpoint);
        Assert.True(code == 0, log);
        Assert.Contains("3 conv blocks 8p,16p,24 on windows of 32 frames", log, StringComparison.Ordinal);

        using (var classifier = SoundClassifier.Load(model))
        {
            Assert.Equal(32, classifier.Plan.WindowFrames);
            Assert.Equal("32", classifier.Metadata[ModelMetadataKeys.WindowFrames]);
            var scores = new float[SyntheticEsc50.Classes.Length];
            classifier.Score(new sbyte[classifier.WindowLength], scores);
            Assert.Equal(1.0, scores.Sum(), 3);
        }

        string card = File.ReadAllText(Path.ChangeExtension(model, ".md"));
        Assert.Contains("windows of 32 frames every 32 frames", card, StringComparison.Ordinal);
        Assert.Contains("random 32-frame crops", card, StringComparison.Ordinal);
        Assert.DoesNotContain("log-added", card, StringComparison.Ordinal);

        var (refused, _, refusal) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "again.onnx"), "--folds", "1,2,3", "--epochs", "2",
            "--threads", "1", "--noise", "0", "--load-float", checkpoint);
        Assert.Equal(2, refused);
        Assert.Contains("holds a model of --window-frames 32 --blocks 8p,16p,24", refusal, StringComparison.Ordinal);

        string transferred = Path.Combine(_dir, "transfer.onnx");
        var (transferCode, _, transferLog) = TrainerCli.Run("train", "--data", data.Root, "--out", transferred, "--folds", "1,2", "--epochs", "1", "--threads", "1",
            "--noise", "0", "--base", model);
        Assert.True(transferCode == 0, transferLog);
        using (var classifier = SoundClassifier.Load(transferred))
        {
            Assert.Equal(32, classifier.Plan.WindowFrames);
        }

        string other = Path.Combine(_dir, "w96.onnx");
        var (checkRefused, _, checkLog) = TrainerCli.Run("train", "--data", data.Root, "--out", other, "--folds", "1,2,3", "--epochs", "2", "--threads", "1",
            "--noise", "0", "--blocks", "8p,16p,24", "--recipe-check", model);
        Assert.Equal(2, checkRefused);
        Assert.Contains("reads windows of 32 frames, this model 96", checkLog, StringComparison.Ordinal);
        Assert.False(File.Exists(other));
    }

    [Fact]
    public void A_model_with_depthwise_separable_blocks_runs_in_onnx_runtime_reexports_and_serves_as_a_base()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_dir, "ds.onnx"), checkpoint = Path.Combine(_dir, "ds.ckpt");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--folds", "1,2,3", "--val-fold", "3", "--epochs", "2", "--threads", "1",
            "--noise", "0", "--window-frames", "32", "--blocks", "8p,d16p,d24", "--save-float", checkpoint);
        Assert.True(code == 0, log);
        Assert.Contains("3 conv blocks 8p,d16p,d24 on windows of 32 frames", log, StringComparison.Ordinal);
        Assert.Contains("onnxruntime: same class as the int8 simulation", log, StringComparison.Ordinal);
        Assert.Contains("blocks `8p,d16p,d24` (a number alone: conv 3x3", File.ReadAllText(Path.ChangeExtension(model, ".md")), StringComparison.Ordinal);
        using (var classifier = SoundClassifier.Load(model))
        {
            var scores = new float[SyntheticEsc50.Classes.Length];
            classifier.Score(new sbyte[classifier.WindowLength], scores);
            Assert.Equal(1.0, scores.Sum(), 3);
        }

        string again = Path.Combine(_dir, "ds-again.onnx");
        var (reexported, _, reexportLog) = TrainerCli.Run("train", "--data", data.Root, "--out", again, "--folds", "1,2,3", "--val-fold", "3", "--epochs", "2",
            "--threads", "1", "--noise", "0", "--window-frames", "32", "--blocks", "8p,d16p,d24", "--load-float", checkpoint);
        Assert.True(reexported == 0, reexportLog);
        var window = new sbyte[32 * 64];
        for (int i = 0; i < window.Length; i++)
        {
            window[i] = (sbyte)((i * 37 % 101) - 50);
        }

        Assert.Equal(Scores(model, window), Scores(again, window));

        string transferred = Path.Combine(_dir, "ds-transfer.onnx");
        var (transferCode, _, transferLog) = TrainerCli.Run("train", "--data", data.Root, "--out", transferred, "--folds", "1,2", "--epochs", "1", "--threads", "1",
            "--noise", "0", "--base", model, "--fine-tune", "all");
        Assert.True(transferCode == 0, transferLog);
        Assert.Contains("3 conv blocks 8p,d16p,d24", transferLog, StringComparison.Ordinal);

        var (fullRefused, _, fullLog) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "full.onnx"), "--folds", "1,2,3", "--epochs", "2",
            "--threads", "1", "--noise", "0", "--window-frames", "32", "--blocks", "8p,16p,24", "--recipe-check", model);
        Assert.Equal(2, fullRefused);
        Assert.Contains($"{model}: --recipe-check model differs in 'architecture'", fullLog, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/2", fullLog, StringComparison.Ordinal);

        string truncated = Path.Combine(_dir, "truncated.onnx");
        File.WriteAllBytes(truncated, File.ReadAllBytes(model)[..^1]);
        var (truncatedRefused, _, truncatedLog) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "t.onnx"), "--folds", "1,2,3", "--epochs", "2",
            "--threads", "1", "--noise", "0", "--window-frames", "32", "--blocks", "8p,d16p,d24", "--recipe-check", truncated);
        Assert.Equal(2, truncatedRefused);
        Assert.Contains($"{truncated}: --recipe-check model:", truncatedLog, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/2", truncatedLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_pooled_by_frame_mean_plus_max_runs_in_onnx_runtime_reexports_and_serves_as_a_base()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_dir, "mm.onnx"), checkpoint = Path.Combine(_dir, "mm.ckpt");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--folds", "1,2,3", "--val-fold", "3", "--epochs", "2", "--threads", "1",
            "--noise", "0", "--window-frames", "32", "--blocks", "8p,16p,24", "--pooling", "average-max", "--save-float", checkpoint);
        Assert.True(code == 0, log);
        Assert.Contains("on windows of 32 frames, average-max pooling", log, StringComparison.Ordinal);
        Assert.Contains("onnxruntime: same class as the int8 simulation", log, StringComparison.Ordinal);
        Assert.Contains("mean over bands then mean + max over frames", File.ReadAllText(Path.ChangeExtension(model, ".md")), StringComparison.Ordinal);

        string again = Path.Combine(_dir, "mm-again.onnx");
        var (reexported, _, reexportLog) = TrainerCli.Run("train", "--data", data.Root, "--out", again, "--folds", "1,2,3", "--val-fold", "3", "--epochs", "2",
            "--threads", "1", "--noise", "0", "--window-frames", "32", "--blocks", "8p,16p,24", "--pooling", "average-max", "--load-float", checkpoint);
        Assert.True(reexported == 0, reexportLog);
        var window = new sbyte[32 * 64];
        for (int i = 0; i < window.Length; i++)
        {
            window[i] = (sbyte)((i * 29 % 97) - 40);
        }

        Assert.Equal(Scores(model, window), Scores(again, window));

        var (refused, _, refusal) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "avg.onnx"), "--folds", "1,2,3", "--epochs", "2",
            "--threads", "1", "--noise", "0", "--window-frames", "32", "--blocks", "8p,16p,24", "--load-float", checkpoint);
        Assert.Equal(2, refused);
        Assert.Contains("--pooling average-max; pass the same values to export it", refusal, StringComparison.Ordinal);

        var (transferCode, _, transferLog) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "mm-transfer.onnx"), "--folds", "1,2", "--epochs", "1",
            "--threads", "1", "--noise", "0", "--base", model);
        Assert.True(transferCode == 0, transferLog);
        Assert.Contains("average-max pooling", transferLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_shorter_than_the_default_hop_is_scored_every_window_length_and_loads()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string model = Path.Combine(_dir, "w16.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", model, "--folds", "1,2", "--epochs", "1", "--threads", "1",
            "--noise", "0", "--window-frames", "16", "--blocks", "8p,16");
        Assert.True(code == 0, log);
        using var classifier = SoundClassifier.Load(model);
        Assert.Equal(16, classifier.Plan.WindowFrames);
        Assert.Equal("16", classifier.Metadata[ModelMetadataKeys.HopFrames]);
    }

    private static float[] Scores(string model, sbyte[] window)
    {
        using var classifier = SoundClassifier.Load(model);
        var scores = new float[SyntheticEsc50.Classes.Length];
        classifier.Score(window, scores);
        return scores;
    }

    [Theory]
    [InlineData("--blocks", "8p,x", "--blocks 8p,x on --window-frames 96: blocks: 'x'")]
    [InlineData("--blocks", "8p,,16", "has an empty entry")]
    [InlineData("--blocks", "100000", "channel count from 1 to 1024")]
    [InlineData("--blocks", "d8p,16", "--blocks d8p,16 on --window-frames 96: block 1 cannot be depthwise-separable")]
    [InlineData("--blocks", "8p,8p,8p,8p,8p,8p,8p", "--blocks 8p,8p,8p,8p,8p,8p,8p on --window-frames 96: block 7 would pool its 1x1 input")]
    [InlineData("--window-frames", "0", "--window-frames must be between 1 and 1024, got 0")]
    [InlineData("--window-frames", "1000000", "--window-frames must be between 1 and 1024, got 1000000")]
    [InlineData("--blocks", "1024p,1024p,1024", "activation values, more than the 4 M a training batch can hold")]
    [InlineData("--noise", "1.5", "--noise must be a probability in [0, 1], got 1.5")]
    [InlineData("--gain", "loud", "--gain: 'loud' is not MIN,MAX in dB (for example -24,6)")]
    public void A_bad_shape_option_is_named(string option, string value, string expected)
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "bad.onnx"), "--epochs", "1", "--threads", "1", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--blocks", "8p,16")]
    [InlineData("--window-frames", "96")]
    [InlineData("--pooling", "average")]
    public void A_transferred_model_keeps_the_base_architecture(string option, string value)
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", Path.Combine(_dir, "t.onnx"), "--epochs", "1", "--threads", "1",
            "--base", baseModel.Model, option, value);
        Assert.Equal(2, code);
        Assert.Contains("--base excludes --blocks, --pooling and --window-frames", log, StringComparison.Ordinal);
    }
}
