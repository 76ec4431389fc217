using System.CommandLine;
using System.Text.Json;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Tests.Shared;
using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Cues;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Trainer.Tests.Commands;

public sealed class CuesCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cues-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesOneDistinctCuePerClassWithPatternWavMidiAndPage()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string outDir = Path.Combine(_dir, "cues");

        var (code, error) = Run("cues", "--data", data.Root, "--out", outDir);

        Assert.True(code == 0, error);
        foreach (string label in SyntheticEsc50.Classes)
        {
            CuePattern pattern = PatternParser.Parse(File.ReadAllText(Path.Combine(outDir, label + ".txt")));
            Assert.Equal(ClassCueComposer.LengthBeats, pattern.TotalBeats);
            Assert.True(new FileInfo(Path.Combine(outDir, label + ".wav")).Length > 44);
            Assert.True(new FileInfo(Path.Combine(outDir, label + ".mid")).Length > 22);
        }

        string page = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Equal(SyntheticEsc50.Classes.Length, page.Split("<audio ").Length - 1);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cues.json")));
        double smallest = json.RootElement.GetProperty("smallest_distance").GetDouble();
        Assert.True(smallest >= ClassCueComposer.DistanceFloor, $"smallest distance {smallest}");
        Assert.Contains("smallest distance between two cues", error, StringComparison.Ordinal);
        Dictionary<string, JsonElement> cues = json.RootElement.GetProperty("cues").EnumerateArray().ToDictionary(c => c.GetProperty("label").GetString()!);
        double Noisiness(string label) => cues[label].GetProperty("inputs").GetProperty("noisiness").GetDouble();
        Assert.StartsWith("bpm=", cues["low_tone"].GetProperty("pattern").GetString(), StringComparison.Ordinal);
        Assert.Contains(" wave=sine ", cues["low_tone"].GetProperty("pattern").GetString(), StringComparison.Ordinal);
        Assert.True(Noisiness("white_noise") > Noisiness("high_tone") && Noisiness("white_noise") > Noisiness("low_tone"));
    }

    [Fact]
    public void MissingFolderAndUnknownFoldExitTwo()
    {
        var (code, error) = Run("cues", "--data", Path.Combine(_dir, "nothing"), "--out", _dir);
        Assert.Equal(2, code);
        Assert.StartsWith("cues failed: ", error, StringComparison.Ordinal);

        using var data = new SyntheticEsc50(withCorruptFile: false);
        (code, error) = Run("cues", "--data", data.Root, "--out", _dir, "--folds", "9");
        Assert.Equal(2, code);
        Assert.Contains("--folds 9", error, StringComparison.Ordinal);
    }

    /// <summary>ESC-50 fold 1 (400 clips, 50 classes): every pair of class cues stays above the floor.</summary>
    [Fact]
    public void Esc50ClassCuesStayAboveTheDistanceFloor()
    {
        string? esc50 = DataPaths.Find("esc50-16k", output);
        if (esc50 is null)
        {
            return;
        }

        string outDir = Path.Combine(_dir, "esc50");
        var (code, error) = Run("cues", "--data", esc50, "--folds", "1", "--out", outDir);

        output.WriteLine(error.Split('\n').LastOrDefault(l => l.StartsWith("wrote", StringComparison.Ordinal)));
        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cues.json")));
        Assert.Equal(50, json.RootElement.GetProperty("cues").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("smallest_distance").GetDouble() >= ClassCueComposer.DistanceFloor);
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        var root = new RootCommand { CuesCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, error.ToString());
    }
}
