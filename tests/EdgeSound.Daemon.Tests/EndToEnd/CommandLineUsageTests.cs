using Xunit;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>
/// Usage errors of the daemon's command line: one line each on stderr, <c>edgesound: ...</c>, nothing on stdout
/// (with <c>--events -</c> it is the event stream), exit 2; <c>--help</c> alone writes to stdout.
/// </summary>
public sealed class CommandLineUsageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-usage-" + Guid.NewGuid().ToString("N"));
    private readonly string _wav;

    public CommandLineUsageTests()
    {
        Directory.CreateDirectory(_dir);
        _wav = TestAudio.WriteWav(Path.Combine(_dir, "short.wav"), TestAudio.NoiseWithTones(2, [], 16000), 16000);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[], string[]> Faults => new()
    {
        { ["--foo"], ["Unrecognized command or argument '--foo'."] },
        { ["--foo", "--bar"], ["Unrecognized command or argument '--foo'.", "Unrecognized command or argument '--bar'."] },
        { ["--events", "-", "--mqtt"], ["Required argument missing for option: '--mqtt'."] },
        { ["--speed", "max", "--events"], ["Required argument missing for option: '--events'."] },
        { ["--input", "a.wav", "--input", "b.wav"], ["Option '--input' expects a single argument but 2 were provided."] },
        {
            ["--events", "-", "--set", "detection:exclude=[rain,", "wind]"],
            ["Unrecognized command or argument 'wind]'. ('detection:exclude=[rain,' and 'wind]' are one value split at a space: quote it, e.g. --set 'detection:exclude=[rain, wind]')"]
        },
        { ["--set"], ["Required argument missing for option: '--set'."] },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_usage_error_is_one_line_each_on_stderr_with_exit_2(string[] args, string[] lines)
    {
        var run = DaemonProcess.Run(args, timeoutSeconds: 60);
        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Stdout);
        Assert.Equal(lines.Select(l => "edgesound: " + l), run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--set")]
    [InlineData("--input")]
    public void An_option_without_its_value_after_a_full_occurrence_is_an_error(string option)
    {
        var run = DaemonProcess.Run(["--input", _wav, "--speed", "max", "--events", "-", "--set", $"state_dir={Path.Combine(_dir, "state")}", option], timeoutSeconds: 60);
        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Stdout);
        Assert.Equal($"edgesound: Required argument missing for option: '{option}'.", run.Stderr.Trim());
    }

    [Fact]
    public void Help_goes_to_stdout_with_exit_0()
    {
        var run = DaemonProcess.Run(["--help"], timeoutSeconds: 60);
        Assert.Equal(0, run.Code);
        Assert.Contains("--set", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }
}
