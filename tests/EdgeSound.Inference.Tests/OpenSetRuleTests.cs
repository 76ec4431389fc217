using System.Text.Json.Nodes;
using EdgeSound.Inference;
using Xunit;

namespace EdgeSound.Inference.Tests;

/// <summary>The open-set rule: hand-checked novelty, the metadata round trip through the loader, and refused metadata.</summary>
public sealed class OpenSetRuleTests
{
    private static readonly string[] Labels = ["dog", "rain", "siren"];

    private static OpenSetRule Centroids(double threshold = 1.0)
    {
        var centroids = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            var scores = new float[] { 0.1f, 0.1f, 0.1f };
            scores[c] = 0.8f;
            centroids[c] = new float[3];
            OpenSetRule.Embed(scores, centroids[c]);
        }

        return new OpenSetRule(OpenSetMethod.CentroidDistance, Labels, [threshold, threshold, threshold], centroids, 0.99);
    }

    [Fact]
    public void The_embedding_is_the_centred_log_of_the_scores()
    {
        var e = new float[3];
        OpenSetRule.Embed([0.8f, 0.1f, 0.1f], e);

        // ln 0.8 = -0.2231, ln 0.1 = -2.3026, mean -1.6094: e = [1.3863, -0.6931, -0.6931] = [ln 4, -ln 2, -ln 2].
        Assert.Equal(Math.Log(4), e[0], 4);
        Assert.Equal(-Math.Log(2), e[1], 4);
        Assert.Equal(-Math.Log(2), e[2], 4);
    }

    [Fact]
    public void A_window_like_its_top_class_is_known_and_an_even_one_is_unknown()
    {
        OpenSetRule rule = Centroids();

        Assert.Equal(0, rule.Novelty([0.8f, 0.1f, 0.1f], out int top), 5);
        Assert.Equal(0, top);
        Assert.False(rule.IsUnknown([0.8f, 0.1f, 0.1f]));

        // Equal scores embed to [0, 0, 0]; the dog centroid is [ln 4, -ln 2, -ln 2]: distance sqrt(ln²4 + 2 ln²2) = ln 2 · sqrt 6 = 1.698.
        Assert.Equal(Math.Log(2) * Math.Sqrt(6), rule.Novelty([1 / 3f, 1 / 3f, 1 / 3f], out top), 4);
        Assert.Equal(0, top);
        Assert.True(rule.IsUnknown([1 / 3f, 1 / 3f, 1 / 3f]));
        Assert.False(Centroids(threshold: 1.7).IsUnknown([1 / 3f, 1 / 3f, 1 / 3f]));
    }

    [Fact]
    public void Max_score_novelty_is_one_minus_the_top_score()
    {
        var rule = new OpenSetRule(OpenSetMethod.MaxScore, Labels, [0.3, 0.5, 0.3], null, 0.95);

        Assert.Equal(0.4, rule.Novelty([0.2f, 0.6f, 0.2f], out int top), 5);
        Assert.Equal(1, top);
        Assert.False(rule.IsUnknown([0.2f, 0.6f, 0.2f]));
        Assert.True(rule.IsUnknown([0.6f, 0.2f, 0.2f]));
    }

    [Fact]
    public void The_rule_survives_the_model_file_and_a_model_without_it_has_none()
    {
        using var dir = new TempDir();
        OpenSetRule rule = Centroids(threshold: 1.25);
        var builder = new TinyCnn(labels: Labels).Builder();
        builder.SetMetadata(ModelMetadataKeys.OpenSet, rule.ToJson(new JsonObject { ["folds"] = new JsonArray(1, 2) }));
        string path = dir.File("open.onnx");
        TinyCnn.SaveSealed(builder, path);
        string plain = dir.File("plain.onnx");
        TinyCnn.SaveSealed(new TinyCnn(labels: Labels).Builder(), plain);

        using (SoundClassifier classifier = SoundClassifier.Load(path))
        {
            OpenSetRule loaded = Assert.IsType<OpenSetRule>(classifier.OpenSet);
            Assert.Equal(OpenSetMethod.CentroidDistance, loaded.Method);
            Assert.Equal([1.25, 1.25, 1.25], loaded.Thresholds);
            Assert.Equal(0.99, loaded.Quantile);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(rule.Centroid(c).ToArray().Select(v => Math.Round(v, 5)), loaded.Centroid(c).ToArray().Select(v => Math.Round(v, 5)));
            }
        }

        using SoundClassifier without = SoundClassifier.Load(plain);
        Assert.Null(without.OpenSet);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(5)]
    [InlineData(1)]
    public void A_kmeans_rule_for_another_band_count_than_the_models_input_is_refused(int bands)
    {
        using var dir = new TempDir();
        var kmeans = new KMeansAnomaly(bands, new float[2 * bands], Enumerable.Repeat(1f, 2 * bands).ToArray(), [new float[2 * bands]], [1f]);
        var rule = new OpenSetRule(OpenSetMethod.KMeans, Labels, [1.0, 1.0, 1.0], null, 0.9, kmeans);
        var cnn = new TinyCnn(labels: Labels);
        var builder = cnn.Builder();
        builder.SetMetadata(ModelMetadataKeys.OpenSet, rule.ToJson());
        string path = dir.File("bands.onnx");
        TinyCnn.SaveSealed(builder, path);

        ModelLoadException e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(path));

        Assert.Equal($"{path}: metadata '{ModelMetadataKeys.OpenSet}': kmeans 'bands' is {bands} but the model's input has {cnn.Bands} bands per frame", e.Message);
    }

    [Theory]
    [InlineData("""{"method":"isolation_forest","quantile":0.9,"classes":{}}""", "method 'isolation_forest'")]
    [InlineData("""{"method":"kmeans","quantile":0.9,"classes":{"dog":{"threshold":1},"rain":{"threshold":1},"siren":{"threshold":1}}}""", "no 'kmeans' object")]
    [InlineData("""{"method":"kmeans","quantile":0.9,"classes":{"dog":{"threshold":1},"rain":{"threshold":1},"siren":{"threshold":1}},"kmeans":{"bands":1,"mean":[0,0],"scale":[1,0],"centres":[[0,0]],"spreads":[1]}}""", "scale has 2 values")]
    [InlineData("""{"method":"kmeans","quantile":0.9,"classes":{"dog":{"threshold":1},"rain":{"threshold":1},"siren":{"threshold":1}},"kmeans":{"bands":1,"mean":[0,0],"scale":[1,1],"centres":[[0,0,0]],"spreads":[1]}}""", "at least one centre of 2 finite values")]
    [InlineData("""{"method":"kmeans","quantile":0.9,"classes":{"dog":{"threshold":1},"rain":{"threshold":1},"siren":{"threshold":1}},"kmeans":{"bands":1,"mean":[0,0],"scale":[1,1],"centres":[[0,0]],"spreads":[1,2]}}""", "2 spreads for 1 centres")]
    [InlineData("""{"method":"kmeans","quantile":0.9,"classes":{"dog":{"threshold":1},"rain":{"threshold":1},"siren":{"threshold":1}},"kmeans":{"mean":[0,0]}}""", "kmeans has no 'bands'")]
    [InlineData("""{"method":"max_score","quantile":0.9,"classes":{"dog":{"threshold":0.5},"rain":{"threshold":0.5}}}""", "no entry for 'siren'")]
    [InlineData("""{"method":"max_score","quantile":0.9,"classes":{"cat":{"threshold":0.5}}}""", "'cat', which is not one of the model's labels")]
    [InlineData("""{"method":"max_score","quantile":0.9,"classes":{"dog":{"threshold":0},"rain":{"threshold":0.5},"siren":{"threshold":0.5}}}""", "threshold of 'dog' is 0")]
    [InlineData("""{"method":"centroid_distance","quantile":0.9,"classes":{"dog":{"threshold":1,"centroid":[1,2]},"rain":{"threshold":1,"centroid":[1,2,3]},"siren":{"threshold":1,"centroid":[1,2,3]}}}""", "3 centroids of 3 finite values")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("{", "edgesound.open_set")]
    public void Bad_rules_are_refused_naming_the_file_and_key(string json, string expected)
    {
        using var dir = new TempDir();
        var builder = new TinyCnn(labels: Labels).Builder();
        builder.SetMetadata(ModelMetadataKeys.OpenSet, json);
        string path = dir.File("bad.onnx");
        TinyCnn.SaveSealed(builder, path);

        ModelLoadException e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(path));

        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(ModelMetadataKeys.OpenSet, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
