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
}
