using System.Text.Json;
using EdgeSound.Inference;
using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>A CNN trained once on three of the four synthetic classes (a CSV manifest without white_noise), folds 1-3.</summary>
public sealed class ThreeClassModel : IDisposable
{
    public ThreeClassModel()
    {
        Training = SyntheticLayouts.Manifest(Data, Path.Combine(Dir, "three.csv"), c => c != LeftOut);
        AllClasses = SyntheticLayouts.Manifest(Data, Path.Combine(Dir, "four.csv"));
        var (code, _, log) = TrainerCli.Run("train", "--data", Training, "--out", Model, "--epochs", "12", "--threads", "1", "--noise", "0");
        Assert.True(code == 0, log);
    }

    public const string LeftOut = "white_noise";

    internal SyntheticEsc50 Data { get; } = new(withCorruptFile: false);

    public string Dir { get; } = Directory.CreateTempSubdirectory("es-openset-").FullName;

    public string Model => Path.Combine(Dir, "three.onnx");

    /// <summary>Manifest of the three training classes.</summary>
    public string Training { get; }

    /// <summary>Manifest of all four classes.</summary>
    public string AllClasses { get; }

    public void Dispose()
    {
        Data.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>
/// <c>openset</c> on a real trained model: calibrated on its training folds (read from its metadata), it measures both
/// methods on clips with the left-out class, writes the rule into the model and re-seals it so the device loads it;
/// bad options stop with exit 2 naming them. Also <c>evaluate</c> on a CSV manifest and a folder per class.
/// </summary>
public sealed class OpenSetCommandTests(ThreeClassModel fixture) : IClassFixture<ThreeClassModel>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-openset-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Openset_calibrates_on_the_training_folds_checks_both_methods_and_writes_a_sealed_rule()
    {
        string model = Path.Combine(_dir, "model.onnx");
        File.Copy(fixture.Model, model);
        string report = Path.Combine(_dir, "openset.json");

        var (code, output, error) = TrainerCli.Run("openset", "--model", model, "--data", fixture.Training, "--check", fixture.AllClasses,
            "--quantile", "0.95", "--min-windows", "1", "--clusters", "40", "--write", "--json", report, "--workers", "1");

        Assert.True(code == 0, error);
        Assert.Contains("calibrated on 18 clips of folds 1,2,3", output, StringComparison.Ordinal);
        Assert.Contains("seal: " + model, error, StringComparison.Ordinal);
        Assert.Contains("kmeans (compared only) fitted with 18 clusters, one per calibration window, instead of --clusters 40", error, StringComparison.Ordinal);
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            JsonElement methods = json.RootElement.GetProperty("check").GetProperty("methods");
            foreach (string method in new[] { "centroid_distance", "max_score", "kmeans", "centroid_or_kmeans" })
            {
                JsonElement m = methods.GetProperty(method);
                Assert.Equal(18, m.GetProperty("known_clips").GetInt32());
                Assert.Equal(6, m.GetProperty("unseen_clips").GetInt32());
            }

            JsonElement centroid = methods.GetProperty("centroid_distance");
            Assert.True(centroid.GetProperty("detection_clip_rate").GetDouble() > centroid.GetProperty("false_unknown_clip_rate").GetDouble(), centroid.ToString());
        }

        using var classifier = SoundClassifier.Load(model);
        OpenSetRule rule = Assert.IsType<OpenSetRule>(classifier.OpenSet);
        Assert.Equal(OpenSetMethod.CentroidDistance, rule.Method);
        Assert.Equal(classifier.Labels, rule.Labels);
        Assert.Equal(0.95, rule.Quantile);
        using JsonDocument stored = JsonDocument.Parse(classifier.Metadata[ModelMetadataKeys.OpenSet]);
        Assert.Equal([1, 2, 3], stored.RootElement.GetProperty("calibration").GetProperty("folds").EnumerateArray().Select(f => f.GetInt32()));
    }

    [Theory]
    [InlineData("--quantile", "0", "--quantile 0: must be in (0, 1]")]
    [InlineData("--min-windows", "0", "--min-windows 0: must be at least 1")]
    [InlineData("--folds", "9", "fold 9 has no clips")]
    [InlineData("--clusters", "0", "--clusters 0: must be at least 1")]
    [InlineData("--min-level-dbfs", "NaN", "--min-level-dbfs NaN: must be a level in [-140, 0] dBFS")]
    public void Bad_options_stop_with_exit_2_naming_them_and_leave_the_model_alone(string option, string value, string expected)
    {
        string model = Path.Combine(_dir, "model.onnx");
        File.Copy(fixture.Model, model);
        byte[] before = File.ReadAllBytes(model);

        var (code, _, error) = TrainerCli.Run("openset", "--model", model, "--data", fixture.Training, option, value, "--write", "--workers", "1");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void A_training_fold_missing_from_the_data_is_named_as_the_models_not_as_the_option()
    {
        string noFold3 = Path.Combine(_dir, "no-fold-3.csv");
        File.WriteAllLines(noFold3, File.ReadAllLines(fixture.Training).Where(line => !line.EndsWith(",3", StringComparison.Ordinal)));

        var (code, output, error) = TrainerCli.Run("openset", "--model", fixture.Model, "--data", noFold3, "--workers", "1");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.EndsWith($"the model's training folds (1,2,3, from its edgesound.training metadata; give --folds to choose others): fold 3 has no clips in {noFold3} (folds present: 1,2)",
            error.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openset", "--workers", "0")]
    [InlineData("evaluate", "--workers", "-1")]
    [InlineData("calibrate", "--workers", "0")]
    [InlineData("train", "--threads", "0")]
    public void A_worker_count_below_one_is_refused_naming_the_option(string command, string option, string value)
    {
        var (code, _, error) = TrainerCli.Run(command, "--model", fixture.Model, "--data", fixture.Training, "--out", Path.Combine(_dir, "x.onnx"), "--folds", "1", option, value);

        Assert.NotEqual(0, code);
        Assert.Contains($"{option} must be at least 1, got {value}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_reads_a_manifest_and_a_folder_per_class_and_lists_clips_of_labels_the_model_lacks()
    {
        string folders = SyntheticLayouts.ClassFolders(fixture.Data, Path.Combine(_dir, "classes"));
        foreach ((string data, string layout) in new[] { (fixture.AllClasses, "CSV manifest"), (folders, "folder per class") })
        {
            var (code, stdout, error) = TrainerCli.Run("evaluate", "--model", fixture.Model, "--data", data, "--json", "--workers", "1");

            Assert.True(code == 1, error);
            Assert.Contains(layout, error, StringComparison.Ordinal);
            Assert.Equal(6, error.Split('\n').Count(l => l.Contains($"label '{ThreeClassModel.LeftOut}' is not a class", StringComparison.Ordinal)));
            using JsonDocument json = JsonDocument.Parse(stdout);
            Assert.Equal(18, json.RootElement.GetProperty("clips").GetInt32());
            Assert.Equal(["clicks", "high_tone", "low_tone"], json.RootElement.GetProperty("per_class").EnumerateObject().Select(p => p.Name));
            Assert.True(json.RootElement.GetProperty("accuracy").GetDouble() >= 0.8, stdout);
        }
    }
}
