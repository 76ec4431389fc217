using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// An output that is the same file as one of the run's inputs, or as another of its outputs (also through another
/// relative path or a symbolic link), is refused before any work with one line naming both options, exit 2, and the
/// file is left as it was: a report written over the history database it reads, a feature table over its manifest, a
/// model card over its model.
/// </summary>
public sealed class OutputIsInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-outin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("report --db", "--out", "--db")]
    [InlineData("report --events", "--out", "--events")]
    [InlineData("frontend", "--out", "--input")]
    [InlineData("features", "--out", "--data")]
    [InlineData("features in folder", "--out", "--data's manifest")]
    [InlineData("train card", "--out (model card)", "--out")]
    [InlineData("train base", "--out", "--base")]
    [InlineData("train save-float", "--save-float", "--out")]
    [InlineData("openset", "--json", "--model")]
    [InlineData("calibrate", "--json", "--model")]
    public void An_output_that_is_an_input_or_another_output_is_refused_and_left_as_it_was(string run, string option, string other)
    {
        string data = ToneClip.Folders(Path.Combine(_dir, "data"), ("dog", 440), ("cat", 880));
        string manifest = Path.Combine(data, "manifest.csv");
        File.WriteAllText(manifest, "filename,label\ndog/dog0.wav,dog\ndog/dog1.wav,dog\ncat/cat0.wav,cat\ncat/cat1.wav,cat\n");
        string wav = Path.Combine(data, "dog", "dog0.wav");
        string kept = Path.Combine(_dir, "kept");
        File.WriteAllText(kept, "{\"time\":\"2026-12-01T10:00:00+00:00\",\"label\":\"dog\",\"score\":0.9,\"start_s\":1,\"end_s\":2,\"level_dbfs\":-20}\n");
        // The same file reached through a symbolic link to its folder: the check compares real paths.
        string linked = Path.Combine(_dir, "link");
        Directory.CreateSymbolicLink(linked, _dir);
        string viaLink = Path.Combine(linked, "kept");
        string[] args = run switch
        {
            "report --db" => ["report", "--db", kept, "--out", viaLink],
            "report --events" => ["report", "--events", kept, "--out", viaLink],
            "frontend" => ["frontend", "--input", CopyTo(wav, kept), "--out", viaLink],
            "features" => ["features", "--data", CopyTo(manifest, kept + ".csv"), "--out", viaLink + ".csv"],
            "features in folder" => ["features", "--data", data, "--out", Path.Combine(linked, "data", "manifest.csv")],
            "train card" => ["train", "--data", data, "--out", kept + ".md", "--epochs", "1", "--threads", "1"],
            "train base" => ["train", "--data", data, "--out", viaLink, "--base", kept, "--epochs", "1", "--threads", "1"],
            "train save-float" => ["train", "--data", data, "--out", kept, "--save-float", viaLink, "--epochs", "1", "--threads", "1"],
            "openset" => ["openset", "--model", kept, "--data", data, "--json", viaLink],
            _ => ["calibrate", "--model", kept, "--data", data, "--folds", "4", "--json", viaLink],
        };
        string target = run switch
        {
            "features" => kept + ".csv",
            "features in folder" => manifest,
            "train card" => kept + ".md",
            _ => kept,
        };
        if (!File.Exists(target))
        {
            File.WriteAllText(target, "before");
        }

        byte[] before = File.ReadAllBytes(target);

        var (code, output, error) = TrainerCli.Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        string line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"{option} ", line, StringComparison.Ordinal);
        Assert.Contains($": is the same file as {other} ", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    private static string CopyTo(string from, string to)
    {
        File.Copy(from, to, overwrite: true);
        return to;
    }
}
