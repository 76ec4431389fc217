using System.Text.Json;
using EdgeSound.Trainer.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Analysis;

public sealed class AnalysisDocumentTests
{
    internal static ClassifierSummary Classifier(double accuracy) => new()
    {
        CvAccuracy = accuracy,
        CvStd = 0.02,
        MacroF1 = accuracy - 0.01,
        Folds = [1, 2],
        FoldAccuracy = [accuracy - 0.02, accuracy + 0.02],
        Seconds = 1.5,
        Chosen = [new Dictionary<string, string> { ["c"] = "1" }, new Dictionary<string, string> { ["c"] = "0.1" }],
        PerClass = new Dictionary<string, ClassScore> { ["dog"] = new(0.5, 0.25, 1.0 / 3, 4), ["rain"] = new(1, 1, 1, 4) },
        Confusion = [[1, 3], [0, 4]],
    };

    internal static AnalysisDocument Sample()
    {
        var score = new ClusterScore(0.25, 0.5, double.NaN, 0.125, 3, null, new Dictionary<string, string> { ["k"] = "2" });
        return new AnalysisDocument
        {
            Clips = 8,
            Classes = 2,
            Folds = [1, 2],
            Features = 10,
            FeatureSeconds = 0.75,
            Pca = new PcaSummary(0.6, 4, [0.4, 0.2, 0.1]),
            TsneSeconds = 0.5,
            TsnePerplexity = 30,
            Clustering = new ClusteringSummary(score, score with { NoiseFraction = 0.125 }, score, score, score with { NoiseFraction = 0 }),
            Logreg = Classifier(0.55),
            Forest = Classifier(0.5) with { TopFeatures = [new("mfcc_1_mean", 0.2)] },
            Svm = Classifier(0.6),
            Skipped = [new SkippedFile("bad.wav", "bad.wav: truncated header")],
            StageSeconds = new Dictionary<string, double> { ["load"] = 1, ["features"] = 2 },
        };
    }

    [Fact]
    public void Writes_the_contract_keys_as_nested_snake_case_objects()
    {
        using var json = JsonDocument.Parse(Sample().ToJson());
        var root = json.RootElement;
        Assert.Equal(8, root.GetProperty("clips").GetInt32());
        Assert.Equal(0.75, root.GetProperty("feature_seconds").GetDouble());
        Assert.Equal(0.6, root.GetProperty("pca").GetProperty("explained_2d").GetDouble());
        Assert.Equal(4, root.GetProperty("pca").GetProperty("components_95").GetInt32());
        Assert.Equal(0.5, root.GetProperty("tsne_seconds").GetDouble());
        foreach (var name in new[] { "kmeans", "dbscan", "agglomerative", "gmm", "hdbscan" })
        {
            var c = root.GetProperty("clustering").GetProperty(name);
            foreach (var key in new[] { "ari", "nmi", "silhouette", "seconds" }) Assert.True(c.TryGetProperty(key, out _), $"{name}.{key}");
            Assert.Equal(name is "dbscan" or "hdbscan", c.TryGetProperty("noise_fraction", out _));
        }
        Assert.Equal(JsonValueKind.Null, root.GetProperty("clustering").GetProperty("kmeans").GetProperty("silhouette").ValueKind);
        foreach (var model in new[] { "logreg", "forest", "svm" })
        {
            var m = root.GetProperty(model);
            foreach (var key in new[] { "cv_accuracy", "cv_std", "macro_f1", "folds" }) Assert.True(m.TryGetProperty(key, out _), $"{model}.{key}");
            Assert.Equal(2, m.GetProperty("folds").GetArrayLength());
        }
        Assert.Equal(0.55, root.GetProperty("logreg").GetProperty("cv_accuracy").GetDouble());
        Assert.Equal(0.25, root.GetProperty("logreg").GetProperty("per_class").GetProperty("dog").GetProperty("recall").GetDouble());
        Assert.Equal("mfcc_1_mean", root.GetProperty("forest").GetProperty("top_features")[0].GetProperty("feature").GetString());
        Assert.False(root.GetProperty("svm").TryGetProperty("top_features", out _));
        Assert.Equal("bad.wav", root.GetProperty("skipped")[0].GetProperty("file").GetString());
        Assert.Equal(2.0, root.GetProperty("stage_seconds").GetProperty("features").GetDouble());
        var dataset = root.GetProperty("dataset");
        Assert.Equal("Karol J. Piczak", dataset.GetProperty("author").GetString());
        Assert.Equal("CC BY-NC 3.0", dataset.GetProperty("license").GetString());
    }

    [Fact]
    public void Round_trips_through_json()
    {
        var doc = Sample();
        var back = AnalysisDocument.Parse(doc.ToJson());
        Assert.Equal(doc.Clips, back.Clips);
        Assert.Equal(doc.Pca.Explained2d, back.Pca.Explained2d);
        Assert.True(double.IsNaN(back.Clustering.Kmeans.Silhouette));
        Assert.Equal(0.125, back.Clustering.Dbscan.NoiseFraction);
        Assert.Equal(doc.Logreg.FoldAccuracy, back.Logreg.FoldAccuracy);
        Assert.Equal(doc.Logreg.Confusion[0], back.Logreg.Confusion[0]);
    }
}
