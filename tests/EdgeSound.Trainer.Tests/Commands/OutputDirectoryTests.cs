using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>A file option given an existing directory is refused before any work: one line naming it as a directory, exit 2.</summary>
public sealed class OutputDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-outdir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("frontend", "--out")]
    [InlineData("features", "--out")]
    [InlineData("openset", "--json")]
    public void A_directory_where_a_file_goes_is_named_as_a_directory(string verb, string option)
    {
        string wav = Path.Combine(_dir, "in.wav");
        ToneClip.Write(wav, 1000);
        string[] args = verb switch
        {
            "frontend" => ["frontend", "--input", wav, "--out", _dir],
            "features" => ["features", "--data", Path.Combine(_dir, "none"), "--out", _dir],
            _ => ["openset", "--model", Path.Combine(_dir, "none.onnx"), "--data", Path.Combine(_dir, "none"), "--json", _dir],
        };

        var (code, output, error) = TrainerCli.Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"{verb} failed: {option} {_dir}: cannot write there: it is a directory", error.TrimEnd());
    }
}
