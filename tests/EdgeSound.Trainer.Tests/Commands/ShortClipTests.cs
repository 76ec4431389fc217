using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// A clip too short for one frontend frame (32 ms) is listed by every verb that reads <c>--data</c> as
/// <c>skipped FILE: reason</c>, and the rest is used: <c>features</c> exits 1, <c>train</c> goes on.
/// </summary>
public sealed class ShortClipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-short-clip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Features_lists_a_clip_shorter_than_one_frame_and_exits_1()
    {
        string data = Data();
        string csv = Path.Combine(_dir, "f.csv");

        var (code, _, log) = TrainerCli.Run("features", "--data", data, "--out", csv);

        Assert.True(code == 1, log);
        Assert.Single(log.Split('\n'), l => l.Replace('\\', '/').StartsWith("skipped dog/tiny.wav: ", StringComparison.Ordinal)
            && l.Contains("shorter than one frontend frame", StringComparison.Ordinal));
        Assert.Equal(5, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void Train_lists_a_clip_shorter_than_one_frame_and_trains_on_the_rest()
    {
        string data = Data();
        string model = Path.Combine(_dir, "m.onnx");

        var (code, _, log) = TrainerCli.Run("train", "--data", data, "--out", model, "--epochs", "1", "--threads", "1", "--noise", "0", "--background-crops", "0");

        Assert.True(code == 0, log);
        Assert.Single(log.Split('\n'), l => l.Replace('\\', '/').StartsWith("skipped dog/tiny.wav: ", StringComparison.Ordinal)
            && l.Contains("shorter than one frontend frame", StringComparison.Ordinal));
        Assert.Contains("train: 4 clips", log, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
    }

    /// <summary>Two tone clips per class and one 20 ms clip (320 samples) of class dog.</summary>
    private string Data()
    {
        string root = ToneClip.Folders(Path.Combine(_dir, "data"), ("dog", 300.0), ("cat", 2500.0));

        WavWriter.WritePcm16(Path.Combine(root, "dog", "tiny.wav"), new float[320], 16000);
        return root;
    }
}
