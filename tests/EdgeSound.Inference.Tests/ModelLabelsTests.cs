using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Inference.Tests;

/// <summary>Labels are unique slugs: usable as Home Assistant event types, MQTT payload values and config keys.</summary>
public sealed class ModelLabelsTests
{
    [Fact]
    public void The_esc50_categories_follow_the_rule()
    {
        Assert.Empty(ModelLabels.Check([.. Esc50Classes.All]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Dog")]
    [InlineData("dog bark")]
    [InlineData("dog/bark")]
    [InlineData("dog+")]
    [InlineData("#")]
    [InlineData("door:knock")]
    [InlineData("_dog")]
    [InlineData("dog_")]
    [InlineData("chien-aboie")]
    [InlineData("hund\u00e4")]
    [InlineData("dog\u0000")]
    public void A_label_that_is_not_a_slug_is_named(string label)
    {
        string problem = Assert.Single(ModelLabels.Check(["cat", label]));
        Assert.Contains("label 1", problem);
        if (label.Length > 0)
        {
            Assert.Contains($"'{label}'", problem);
        }
    }

    [Fact]
    public void The_unknown_sound_label_is_reserved_and_background_is_not()
    {
        Assert.Equal(["label 1 'unknown' is reserved for unknown-sound events (open-set rejection)"], ModelLabels.Check(["cat", "unknown"]));
        Assert.Empty(ModelLabels.Check(["cat", ModelLabels.Background]));
    }

    [Fact]
    public void Length_is_bounded()
    {
        Assert.Empty(ModelLabels.Check([new string('a', ModelLabels.MaxLength)]));
        Assert.Single(ModelLabels.Check([new string('a', ModelLabels.MaxLength + 1)]));
    }

    [Fact]
    public void Duplicates_are_refused_naming_the_label()
    {
        string[] fifty = [.. Enumerable.Repeat("dog", 50)];
        IReadOnlyList<string> problems = ModelLabels.Check(fifty);
        Assert.Equal(49, problems.Count);
        Assert.Contains("label 'dog' appears twice (index 0 and 1)", problems[0]);
        Assert.Single(ModelLabels.Check(["dog", "cat", "dog"]));
        Assert.Single(ModelLabels.Check([null]));
        Assert.Single(ModelLabels.Check([]));
    }

    [Fact]
    public void A_model_with_duplicate_labels_is_refused_at_load_naming_the_label()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn(labels: ["dog", "dog", "rain"]);
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(cnn.Save(dir.Path)));
        Assert.StartsWith(dir.Path, e.Message);
        Assert.Contains("label 'dog' appears twice", e.Message);

        cnn = new TinyCnn(labels: ["dog", "Rain Drops", "siren"]);
        e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(cnn.Save(dir.Path)));
        Assert.Contains("'Rain Drops' is not a slug", e.Message);
    }
}
