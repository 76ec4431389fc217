using System.Text.Json.Nodes;
using EdgeSound.Inference;
using Xunit;

namespace EdgeSound.Inference.Tests;

/// <summary>The kmeans open-set method: hand-checked features and scores, the metadata round trip, and a missing window refused.</summary>
public sealed class KMeansAnomalyTests
{
    private static readonly string[] Labels = ["dog", "rain", "siren"];

    /// <summary>Two bands, centres at (mean 10, 20; std 0, 0) and (mean -10, -20; std 0, 0) in raw units (mean 0, scale 1), spreads 1 and 2.</summary>
    private static OpenSetRule Rule(double threshold = 3) =>
        new(OpenSetMethod.KMeans, Labels, [threshold, threshold, threshold], null, 0.95,
            new KMeansAnomaly(2, [0, 0, 0, 0], [1, 1, 1, 1], [[10, 20, 0, 0], [-10, -20, 0, 0]], [1, 2]));

    private static sbyte[] Constant(sbyte low, sbyte high, int frames = 4) =>
        [.. Enumerable.Range(0, frames).SelectMany(_ => new[] { low, high })];

    [Fact]
    public void Features_are_the_mean_and_population_deviation_of_each_band_over_the_frames()
    {
        var f = new float[4];
        KMeansAnomaly.Features([1, 10, 3, 10, 5, 10, 7, 10], 2, f);
        Assert.Equal([4f, 10f, (float)Math.Sqrt(5), 0f], f);
        Assert.Throws<ArgumentException>(() => KMeansAnomaly.Features([1, 2, 3], 2, f));
    }

    [Fact]
    public void The_score_is_the_distance_to_the_nearest_centre_over_its_spread_whatever_the_scores()
    {
        OpenSetRule rule = Rule();
        Assert.Equal(0, rule.Novelty([0.9f, 0.05f, 0.05f], Constant(10, 20), out int top), 5);
        Assert.Equal(0, top);
        Assert.Equal(2.5, rule.Novelty([0.9f, 0.05f, 0.05f], Constant(-10, -15), out _), 5);
        Assert.False(rule.IsUnknown([0.9f, 0.05f, 0.05f], Constant(-10, -15)));
        Assert.True(rule.IsUnknown([0.9f, 0.05f, 0.05f], Constant(60, -60)));
        Assert.True(rule.IsUnknown([1 / 3f, 1 / 3f, 1 / 3f], Constant(0, 0)));
        Assert.Throws<ArgumentException>(() => rule.IsUnknown([0.9f, 0.05f, 0.05f]));
    }

    [Fact]
    public void The_kmeans_rule_survives_the_model_file()
    {
        const int kmeansBands = 2;
        using var dir = new TempDir();
        OpenSetRule rule = Rule(threshold: 2.75);
        var builder = new TinyCnn(bands: kmeansBands, labels: Labels).Builder();
        builder.SetMetadata(ModelMetadataKeys.OpenSet, rule.ToJson(new JsonObject { ["clusters"] = 2 }));
        string path = dir.File("kmeans.onnx");
        TinyCnn.SaveSealed(builder, path);

        using SoundClassifier classifier = SoundClassifier.Load(path);
        OpenSetRule loaded = Assert.IsType<OpenSetRule>(classifier.OpenSet);
        KMeansAnomaly kmeans = Assert.IsType<KMeansAnomaly>(loaded.KMeans);
        Assert.Equal(OpenSetMethod.KMeans, loaded.Method);
        Assert.Equal([2.75, 2.75, 2.75], loaded.Thresholds);
        Assert.Equal(2, kmeans.Bands);
        Assert.Equal([1f, 2f], kmeans.Spreads);
        Assert.Equal([-10f, -20f, 0f, 0f], kmeans.Centre(1).ToArray());
        Assert.Equal(rule.Novelty([0.2f, 0.5f, 0.3f], Constant(3, -7), out _), loaded.Novelty([0.2f, 0.5f, 0.3f], Constant(3, -7), out _), 5);
    }
}
