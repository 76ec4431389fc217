using System.CommandLine;
using EdgeSound.Dsp.Audio;
using EdgeSound.Inference;
using EdgeSound.Trainer.Commands;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary><c>train --data CLIPS_DIR</c> on a device clip folder with verdicts, made in code.</summary>
public sealed class TrainOnClipsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-trainclips-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Clip(string id, string eventLabel, string verdict, double frequency, int seed)
    {
        var random = new Random(seed);
        var samples = new float[16000 * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var tone = frequency > 0 ? 0.3 * Math.Sin(2 * Math.PI * frequency * i / 16000) : 0;
            samples[i] = (float)(tone + (0.05 * ((random.NextDouble() * 2) - 1)));
        }

        WavWriter.WritePcm16(Path.Combine(_dir, id + ".wav"), samples, 16000);
        File.WriteAllText(Path.Combine(_dir, id + ".json"),
            $$"""{"clip":"{{id}}","audio":"{{id}}.wav","label":"{{eventLabel}}","score":0.8,"verdict":{{verdict}}}""");
    }

    [Fact]
    public void Trains_on_the_verdicts_labels_and_lists_the_clips_it_skips()
    {
        for (var i = 0; i < 8; i++)
        {
            var hour = $"20261130-{i % 4 + 8:00}";
            Clip($"{hour}0{i}00-000-whistle", "whistle", """{"verdict":"confirm"}""", 2000, i);
            Clip($"{hour}1{i}00-000-whistle", "whistle", """{"verdict":"false_alarm"}""", 0, 100 + i);
            Clip($"{hour}2{i}00-000-whistle", "whistle", """{"verdict":"relabel","label":"hum"}""", 300, 200 + i);
        }

        Clip("20261130-120000-000-whistle", "whistle", "null", 2000, 999);
        var model = Path.Combine(_dir, "out", "site.onnx");
        var root = new RootCommand { TrainCommand.Create() };
        var error = new StringWriter();
        var code = root.Parse(["train", "--data", _dir, "--out", model, "--epochs", "3", "--threads", "1"]).Invoke(
            new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.True(code == 0, error.ToString());
        Assert.Contains($"skipped {Path.Combine(_dir, "20261130-120000-000-whistle.json")}: no verdict", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("device clip folder (clips with a verdict): 24 clips, 3 classes", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(", 1 skipped", error.ToString(), StringComparison.Ordinal);
        using var classifier = SoundClassifier.Load(model);
        Assert.Equal(["background", "hum", "whistle"], classifier.Labels);
        Assert.Contains("dBFS, target background\"", classifier.Metadata[ModelMetadataKeys.Training], StringComparison.Ordinal);
        Assert.Contains("labelled `background`, so noise is none of the event classes", File.ReadAllText(Path.ChangeExtension(model, ".md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_clip_folder_with_one_label_is_refused_naming_the_folder()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""", 1000, 1);
        var root = new RootCommand { TrainCommand.Create() };
        var error = new StringWriter();
        var code = root.Parse(["train", "--data", _dir, "--out", Path.Combine(_dir, "m.onnx"), "--epochs", "1", "--threads", "1"]).Invoke(
            new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.Equal(2, code);
        Assert.Contains($"{_dir}: the clips carry 1 label(s) (dog); training needs at least two (false alarms give 'background')", error.ToString(), StringComparison.Ordinal);
    }

    private (int Code, string Error) Train(string output)
    {
        var root = new RootCommand { TrainCommand.Create() };
        var error = new StringWriter();
        var code = root.Parse(["train", "--data", _dir, "--out", output, "--epochs", "1", "--threads", "1"]).Invoke(
            new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (code, error.ToString());
    }

    [Fact]
    public void A_class_whose_only_clips_are_unreadable_is_refused_naming_it()
    {
        for (var i = 0; i < 4; i++)
        {
            Clip($"20261130-0{8 + i}0000-000-whistle", "whistle", """{"verdict":"confirm"}""", 2000, i);
            Clip($"20261130-0{8 + i}1000-000-whistle", "whistle", """{"verdict":"false_alarm"}""", 0, 10 + i);
        }

        Clip("20261130-083000-000-whistle", "whistle", """{"verdict":"relabel","label":"hum"}""", 300, 20);
        File.WriteAllBytes(Path.Combine(_dir, "20261130-083000-000-whistle.wav"), [.. "RIFF"u8, 0, 0, 0, 0]);

        var (code, error) = Train(Path.Combine(_dir, "out", "m.onnx"));
        Assert.Equal(2, code);
        Assert.Contains("no readable clip of 'hum' in the training fold(s)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "m.onnx")));
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--save-float")]
    public void An_empty_output_path_is_refused_in_one_line_naming_the_option(string option)
    {
        string[] args = option == "--out" ? ["train", "--data", _dir, "--out", ""] : ["train", "--data", _dir, "--out", Path.Combine(_dir, "m.onnx"), option, ""];

        var (code, stdout, error) = TrainerCli.Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"train failed: {option} needs a path, got an empty string", error.Trim());
    }

    [Fact]
    public void An_out_path_that_cannot_be_written_is_named_before_any_training()
    {
        for (var i = 0; i < 4; i++)
        {
            Clip($"20261130-0{8 + i}0000-000-whistle", "whistle", """{"verdict":"confirm"}""", 2000, i);
            Clip($"20261130-0{8 + i}1000-000-whistle", "whistle", """{"verdict":"false_alarm"}""", 0, 10 + i);
        }

        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var (code, error) = Train(Path.Combine(blocker, "m.onnx"));
        Assert.Equal(2, code);
        Assert.Contains($"--out {Path.Combine(blocker, "m.onnx")}: cannot write there: {blocker} is a file, not a directory", error, StringComparison.Ordinal);
        Assert.DoesNotContain("frames:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", error, StringComparison.Ordinal);
    }
}
