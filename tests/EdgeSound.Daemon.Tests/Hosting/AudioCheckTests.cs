using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Daemon.Tests.Hosting;

/// <summary><c>--check-audio</c> reports what it actually read, and refuses stdin in one line.</summary>
public sealed class AudioCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-audiocheck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output, string Error) Run(string input)
    {
        var options = new DaemonOptions { Audio = { Input = input, CheckSeconds = 3 } };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = AudioCheck.Run(options, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_file_shorter_than_check_seconds_reports_its_own_duration()
    {
        var path = Path.Combine(_dir, "short.wav");
        WavWriter.WritePcm16(path, Enumerable.Range(0, 8000).Select(i => 0.1f * MathF.Sin(i * 0.2f)).ToArray(), 16000);

        var (code, output, _) = Run(path);

        Assert.Equal(0, code);
        Assert.Contains("samples: 8000 per channel (0.50 s)", output);
    }

    [Fact]
    public void Stdin_is_refused_in_one_line_with_exit_2()
    {
        var (code, output, error) = Run("-");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--check-audio checks a capture device or a WAV file, not stdin", line);
    }
}
