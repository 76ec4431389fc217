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
}
