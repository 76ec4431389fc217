using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSound.Trainer.Analysis;
using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Tests.Report;
using Xunit;

namespace EdgeSound.Trainer.Tests.Analysis;

public sealed class AnalyzePipelineTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("es-analysis-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    internal static (int Code, string Error) Run(params string[] args)
    {
        var root = new RootCommand { AnalyzeCommand.Create(), FeaturesCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, error.ToString());
    }


    [Fact]
    public void Corrupt_wav_is_reported_and_exits_nonzero_while_every_output_is_written()
    {
        using var data = new SyntheticEsc50(withCorruptFile: true);
        var (code, error) = Run("analyze", "--data", data.Root, "--out", _out);

        Assert.True(code == 1, error);
        Assert.Contains(SyntheticEsc50.CorruptFile, error, StringComparison.Ordinal);
        Assert.Contains("1 file(s) skipped", error, StringComparison.Ordinal);
        foreach (var stage in new[] { "features", "pca", "tsne", "kmeans", "dbscan", "agglomerative", "gmm", "hdbscan", "logreg", "forest", "svm", "report" })
            Assert.Matches($@"\[{stage}\] \d+\.\d\d s wall", error);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "analysis.json")));
        var root = json.RootElement;
        Assert.Equal(data.Clips, root.GetProperty("clips").GetInt32());
        Assert.Equal(4, root.GetProperty("classes").GetInt32());
        var skipped = root.GetProperty("skipped");
        Assert.Equal(1, skipped.GetArrayLength());
        Assert.EndsWith(SyntheticEsc50.CorruptFile, skipped[0].GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Contains(SyntheticEsc50.CorruptFile, skipped[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], root.GetProperty("logreg").GetProperty("folds").EnumerateArray().Select(f => f.GetInt32()));
        // Four synthetic classes a linear model separates; a broken pipeline (shuffled labels, leaked folds) would not.
        Assert.True(root.GetProperty("logreg").GetProperty("cv_accuracy").GetDouble() >= 0.9, root.GetProperty("logreg").ToString());
        Assert.True(root.GetProperty("svm").GetProperty("cv_accuracy").GetDouble() >= 0.9, root.GetProperty("svm").ToString());
        Assert.True(root.GetProperty("clustering").GetProperty("kmeans").GetProperty("ari").GetDouble() > 0.5);
        double explained = root.GetProperty("pca").GetProperty("explained_2d").GetDouble();
        Assert.InRange(explained, 0.0, 1.0);
        Assert.True(root.GetProperty("forest").GetProperty("top_features").GetArrayLength() > 0);

        string html = File.ReadAllText(Path.Combine(_out, "report.html"));
        SvgAssert.AssertSelfContained(html);
        Assert.Contains(SyntheticEsc50.CorruptFile, html, StringComparison.Ordinal);
        Assert.Contains("Karol J. Piczak", html, StringComparison.Ordinal);
        var svgs = SvgAssert.EmbeddedCharts(html);
        // 4 scatters (PCA, t-SNE, each by class and ESC-10), variance bars, histograms, 5 contingency maps, confusion, F1, importances.
        Assert.True(svgs.Count >= 4 + 1 + 4 + 5 + 3, $"{svgs.Count} charts");
        foreach (var svg in svgs) SvgAssert.WellFormed(svg);
    }

    [Fact]
    public void Clean_folder_exits_zero_and_folds_select_clips()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, error) = Run("analyze", "--data", data.Root, "--out", _out, "--folds", "1,3");
        Assert.True(code == 0, error);
        var doc = AnalysisDocument.Parse(File.ReadAllText(Path.Combine(_out, "analysis.json")));
        Assert.Equal(data.Clips * 2 / 3, doc.Clips);
        Assert.Equal([1, 3], doc.Folds);
        Assert.Empty(doc.Skipped);
        Assert.Equal(doc.Clips, doc.Logreg.Confusion.Sum(r => r.Sum()));
        Assert.All(doc.StageSeconds.Values, s => Assert.True(s >= 0));
    }

    [Fact]
    public void Fold_absent_from_the_metadata_is_refused_naming_it()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, error) = Run("analyze", "--data", data.Root, "--out", _out, "--folds", "1,5");
        Assert.Equal(2, code);
        Assert.Contains("fold 5", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_out, "analysis.json")));

        (code, error) = Run("analyze", "--data", data.Root, "--out", _out, "--folds", "1,x");
        Assert.Equal(2, code);
        Assert.Contains("'x'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_data_folder_is_refused_naming_it()
    {
        string missing = Path.Combine(_out, "nowhere");
        var (code, error) = Run("analyze", "--data", missing, "--out", _out);
        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_csv_has_one_row_per_readable_clip_in_full_precision()
    {
        using var data = new SyntheticEsc50(withCorruptFile: true, rate: 22050);
        string csv = Path.Combine(_out, "sub", "features.csv");
        var (code, error) = Run("features", "--data", data.Root, "--out", csv, "--folds", "2");
        Assert.True(code == 1, error);
        Assert.Contains(SyntheticEsc50.CorruptFile, error, StringComparison.Ordinal);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["filename", "fold", "target"], header[..3]);
        Assert.True(header.Length > 3 + 20, $"{header.Length} columns");
        Assert.Equal(SyntheticEsc50.Classes.Length * SyntheticEsc50.ClipsPerClassAndFold, lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(header.Length, cells.Length);
            Assert.Equal("2", cells[1]);
            foreach (var cell in cells.Skip(3))
                Assert.True(float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v), cell);
            // Round-trip format: reparsing and printing gives the same text.
            Assert.Equal(cells[3], float.Parse(cells[3], CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
