using EdgeSound.Trainer.Analysis;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary><c>analyze</c> on the synthetic clips laid out as a folder per class and as a CSV manifest: every clip analysed, the layout named.</summary>
public sealed class AnalyzeLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-analyze-layout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Analyze_reads_a_folder_per_class_and_a_csv_manifest()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string folders = SyntheticLayouts.ClassFolders(data, Path.Combine(_dir, "classes"));
        string manifest = SyntheticLayouts.Manifest(data, Path.Combine(_dir, "clips.csv"));
        foreach ((string input, string layout, int[]? folds) in new (string, string, int[]?)[] { (folders, "folder per class", null), (manifest, "CSV manifest", [1, 2, 3]) })
        {
            string output = Path.Combine(_dir, "out-" + Path.GetFileNameWithoutExtension(input));

            var (code, error) = AnalyzePipelineTests.Run("analyze", "--data", input, "--out", output);

            Assert.True(code == 0, error);
            Assert.Contains(layout, error, StringComparison.Ordinal);
            AnalysisDocument doc = AnalysisDocument.Parse(File.ReadAllText(Path.Combine(output, "analysis.json")));
            Assert.Equal(data.Clips, doc.Clips);
            Assert.Equal(SyntheticEsc50.Classes.Length, doc.Classes);
            Assert.Empty(doc.Skipped);
            Assert.Equal(doc.Clips, doc.Logreg.Confusion.Sum(r => r.Sum()));
            Assert.Equal(SyntheticEsc50.Classes.Order(StringComparer.Ordinal), doc.Logreg.PerClass.Keys.Order(StringComparer.Ordinal));
            if (folds is not null)
            {
                Assert.Equal(folds, doc.Folds);
            }

            Assert.True(File.Exists(Path.Combine(output, "report.html")));
        }
    }

    [Fact]
    public void Analyze_refuses_a_single_class()
    {
        string data = Path.Combine(_dir, "one");
        for (int i = 0; i < 8; i++)
        {
            ToneClip.Write(Path.Combine(data, "kettle", $"k{i}.wav"), 1000 + (100 * i));
        }

        var (code, error) = AnalyzePipelineTests.Run("analyze", "--data", data, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(2, code);
        Assert.Equal($"analyze failed: {data}: usable clips come from 1 class only (kettle); classifiers and clusterers need at least 2.", LastLine(error));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Analyze_refuses_classes_whose_clips_lie_in_one_fold_naming_them()
    {
        string data = Path.Combine(_dir, "single");
        string[] classes = ["dog", "rain", "kettle", "fridge"];
        for (int i = 0; i < classes.Length; i++)
        {
            ToneClip.Write(Path.Combine(data, classes[i], $"{classes[i]}1.wav"), 200 + (700 * i));
        }

        var (code, error) = AnalyzePipelineTests.Run("analyze", "--data", data, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(2, code);
        Assert.Equal(
            $"analyze failed: {data}: 4 class(es) have usable clips in one fold only, so leave-one-fold-out never trains on them when it tests them: "
            + "dog (fold 4), fridge (fold 2), kettle (fold 1), rain (fold 1); each class needs clips in at least 2 folds.",
            LastLine(error));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].TrimEnd('\r');
}
