using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>Every verb that reads a labelled dataset holds its labels to the model-label rule: one line naming a clip and the label, exit 2.</summary>
public sealed class DatasetLabelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-labels-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("features", "Dog Bark", "'Dog Bark' is not a slug")]
    [InlineData("features", "unknown", "'unknown' is reserved for unknown-sound events")]
    [InlineData("analyze", "Dog Bark", "'Dog Bark' is not a slug")]
    [InlineData("analyze", "unknown", "'unknown' is reserved for unknown-sound events")]
    public void A_label_that_cannot_be_a_model_label_stops_the_verb_naming_a_clip_of_it(string verb, string label, string reason)
    {
        string data = Path.Combine(_dir, "data");
        ToneClip.Write(Path.Combine(data, label, "a1.wav"), 500);
        ToneClip.Write(Path.Combine(data, "kettle", "k1.wav"), 2000);
        string output = Path.Combine(_dir, verb == "features" ? "features.csv" : "report");

        var (code, _, error) = TrainerCli.Run(verb, "--data", data, "--out", output);

        Assert.Equal(2, code);
        string last = error.TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.StartsWith($"{verb} failed: {data}: clip {Path.Combine(label, "a1.wav")}: label {reason}", last, StringComparison.Ordinal);
        Assert.False(File.Exists(verb == "features" ? output : Path.Combine(output, "report.html")));
    }
}
