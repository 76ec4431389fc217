using EdgeSound.Dsp.Files;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// An output path that is a FIFO (or a link to one) is refused before any work with one line naming it, exit 2, and
/// left as it was; a link to a regular file is followed and the link kept; a missing folder is created.
/// </summary>
public sealed class OutputFileKindTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-outkind-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("frontend", "--out")]
    [InlineData("features", "--out")]
    [InlineData("openset", "--json")]
    [InlineData("cue", "--out")]
    public void A_fifo_where_a_file_goes_is_refused_naming_it(string verb, string option)
    {
        string wav = Path.Combine(_dir, "in.wav");
        ToneClip.Write(wav, 1000);
        string fifo = Fifo.Make(Path.Combine(_dir, "pipe"));
        string[] args = verb switch
        {
            "frontend" => ["frontend", "--input", wav, "--out", fifo],
            "features" => ["features", "--data", Path.Combine(_dir, "none"), "--out", fifo],
            "cue" => ["cue", "render", "--pattern", "C5/8 E5/8", "--out", fifo],
            _ => ["openset", "--model", Path.Combine(_dir, "none.onnx"), "--data", Path.Combine(_dir, "none"), "--json", fifo],
        };

        var (code, output, error) = TrainerCli.Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.EndsWith($"{option} {fifo}: cannot write there: it is a FIFO, not a regular file", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal("is a FIFO, not a regular file", FileKind.NotRegular(fifo));
    }

    [Fact]
    public void Frontend_follows_a_link_to_its_file_and_keeps_the_link()
    {
        string wav = Path.Combine(_dir, "in.wav");
        ToneClip.Write(wav, 1000);
        string real = Path.Combine(_dir, "real.csv");
        File.WriteAllText(real, "old");
        string link = Path.Combine(_dir, "link.csv");
        File.CreateSymbolicLink(link, real);

        var (code, _, error) = TrainerCli.Run("frontend", "--input", wav, "--out", link);

        Assert.True(code == 0, error);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.StartsWith("mel_", File.ReadAllText(real), StringComparison.Ordinal);
    }

    [Fact]
    public void Frontend_creates_a_missing_folder_for_its_output()
    {
        string wav = Path.Combine(_dir, "in.wav");
        ToneClip.Write(wav, 1000);
        string csv = Path.Combine(_dir, "missing", "x.csv");

        var (code, _, error) = TrainerCli.Run("frontend", "--input", wav, "--out", csv);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(csv));
    }
}
