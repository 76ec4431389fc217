using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary><c>evaluate</c> scores clips shorter than one model window, with one warning per run naming how many and one of them.</summary>
public sealed class EvaluateShortClipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-evaluate-short-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Clips_shorter_than_one_window_are_scored_with_one_warning()
    {
        string model = RepoPaths.File(Path.Combine("firmware", "models", "edgesound.onnx"));
        string data = Path.Combine(_dir, "data");
        ToneClip.Write(Path.Combine(data, "dog", "a.wav"), 600);
        ToneClip.Write(Path.Combine(data, "rain", "b.wav"), 3000);
        var tone = new float[3 * 16000];
        for (int i = 0; i < tone.Length; i++)
        {
            tone[i] = (float)(0.4 * Math.Sin(2 * Math.PI * 800 * i / 16000));
        }

        WavWriter.WritePcm16(Path.Combine(data, "rain", "long.wav"), tone, 16000);

        var (code, output, error) = TrainerCli.Run("evaluate", "--model", model, "--data", data, "--json", "--workers", "1");

        Assert.True(code == 0, error);
        Assert.Contains("\"clips\":3", output, StringComparison.Ordinal);
        string warning = Assert.Single(error.Split('\n'), line => line.Contains("window padded with silence", StringComparison.Ordinal));
        Assert.Matches(@"^evaluate: warning: 2 clip\(s\) held less audio than one \d\.\d{3} s window \(e\.g\. dog/a\.wav, 0\.500 s\): "
            + "each was judged as one window padded with silence, which says little$", warning.TrimEnd('\r').Replace('\\', '/'));
    }
}
