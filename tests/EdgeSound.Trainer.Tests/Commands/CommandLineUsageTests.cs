using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// Usage errors of the trainer's command line: one line each on stderr led by the verb they reached (<c>trainer</c>
/// before any), nothing on stdout, exit 2; <c>--help</c> writes help to stdout with exit 0.
/// </summary>
public sealed class CommandLineUsageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-trainer-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(new[] { "frobnicate" }, new[] { "trainer: Required command was not provided.", "trainer: Unrecognized command or argument 'frobnicate'." })]
    [InlineData(new[] { "report", "--foo" }, new[] { "report: Unrecognized command or argument '--foo'.", "report: Option '--out' is required." })]
    [InlineData(new[] { "cue", "render", "--pattern", "C5/4", "--out" }, new[] { "cue render: Required argument missing for option: '--out'." })]
    [InlineData(new[] { "cue", "render", "--pattern", "C5/4", "--pattern", "D5/4", "--out", "x.wav" }, new[] { "cue render: Option '--pattern' expects a single argument but 2 were provided." })]
    [InlineData(new[] { "cue", "render", "--pattern", "C5/4", "--out", "x.wav", "--rate", "fast" }, new[] { "cue render: Cannot parse argument 'fast' for option '--rate' as expected type 'System.Int32'." })]
    [InlineData(new[] { "openset", "--model", "m.onnx", "--data", "d", "--method", "nearest" }, new[] { "openset: Argument 'nearest' not recognized. Must be one of: 'centroid', 'max_score', 'kmeans'" })]
    [InlineData(new[] { "train", "--data", "d", "--out", "m.onnx", "--base", "b.onnx", "--fine-tune", "HEAD" }, new[] { "train: Argument 'HEAD' not recognized. Must be one of: 'head', 'all'" })]
    public void A_usage_error_is_one_line_each_on_stderr_with_exit_2(string[] args, string[] lines)
    {
        var (code, output, error) = TrainerCli.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(lines, error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_option_without_its_value_after_a_full_occurrence_is_an_error_and_writes_nothing()
    {
        var wav = Path.Combine(_dir, "cue.wav");
        var (code, output, error) = TrainerCli.Run("cue", "render", "--pattern", "C5/4", "--out", wav, "--out");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("cue render: Required argument missing for option: '--out'." + Environment.NewLine, error);
        Assert.False(File.Exists(wav));
    }

    [Fact]
    public void Help_goes_to_stdout_with_exit_0()
    {
        var (code, output, error) = TrainerCli.Run("cue", "render", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--pattern", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }
}
