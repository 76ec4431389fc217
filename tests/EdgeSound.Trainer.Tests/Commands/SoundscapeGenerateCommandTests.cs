using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

public sealed class SoundscapeGenerateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-scape-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_output_folder_is_created_and_the_soundscape_written_into_it()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string wav = Path.Combine(_dir, "new", "folder", "scape.wav");
        var (code, _, error) = TrainerCli.Run("soundscape", "generate", "--data", data.Root, "--out", wav, "--duration", "20", "--folds", "1");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(wav), error);
        Assert.True(File.Exists(Path.ChangeExtension(wav, ".csv")));
        Assert.True(File.Exists(Path.ChangeExtension(wav, ".json")));
    }

    [Theory]
    [InlineData("scape.csv")]
    [InlineData("scape.json")]
    [InlineData("scape")]
    public void An_out_that_is_not_a_wav_file_is_refused_before_mixing_and_nothing_is_written(string name)
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string path = Path.Combine(_dir, name);
        var (code, output, error) = TrainerCli.Run("soundscape", "generate", "--data", data.Root, "--out", path, "--duration", "20", "--folds", "1");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"soundscape generate failed: --out {path}: expected a .wav file (the ground truth goes beside it as .csv and .json)", error.Trim());
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
