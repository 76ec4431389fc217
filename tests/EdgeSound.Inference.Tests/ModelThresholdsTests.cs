using EdgeSound.Inference;
using Xunit;

namespace EdgeSound.Inference.Tests;

/// <summary>A model may carry the detector's onset threshold per label; the loader reads and checks them.</summary>
public sealed class ModelThresholdsTests
{
    private static string Save(TempDir dir, string? thresholds)
    {
        var cnn = new TinyCnn();
        var b = cnn.Builder();
        if (thresholds is not null)
        {
            b.SetMetadata(ModelMetadataKeys.ClassThresholds, thresholds);
        }

        string path = dir.File("model.onnx");
        TinyCnn.SaveSealed(b, path);
        return path;
    }

    [Fact]
    public void Thresholds_in_the_metadata_are_loaded()
    {
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(Save(dir, """{"dog":0.45,"siren":0.8}"""));
        Assert.Equal(2, classifier.ClassThresholds.Count);
        Assert.Equal(0.45, classifier.ClassThresholds["dog"]);
        Assert.Equal(0.8, classifier.ClassThresholds["siren"]);
        Assert.False(classifier.ClassThresholds.ContainsKey("rain"));
    }

    [Fact]
    public void A_model_without_thresholds_has_none()
    {
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(Save(dir, null));
        Assert.Empty(classifier.ClassThresholds);
    }

    [Theory]
    [InlineData("""{"cat":0.5}""", "'cat', which is not one of the model's labels")]
    [InlineData("""{"dog":1.5}""", "threshold of 'dog' is 1.5")]
    [InlineData("""{"dog":0}""", "threshold of 'dog' is 0")]
    [InlineData("""[0.5]""", "is not a JSON object")]
    [InlineData("null", "must be a JSON object")]
    [InlineData("""{"dog":0.9,"siren":0.5,"dog":0.3}""", "names 'dog' twice")]
    public void Bad_thresholds_are_refused_naming_the_key(string json, string expected)
    {
        using var dir = new TempDir();
        string path = Save(dir, json);
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(ModelMetadataKeys.ClassThresholds, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Json_keeps_model_order_and_rounds()
    {
        var json = ModelThresholds.ToJson(["dog", "rain", "siren"], new Dictionary<string, double> { ["siren"] = 0.712345, ["dog"] = 0.5 });
        Assert.Equal("""{"dog":0.5,"siren":0.7123}""", json);
    }
}
