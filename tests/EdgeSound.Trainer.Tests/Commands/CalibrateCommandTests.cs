using EdgeSound.Inference;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Tests.Shared;
using EdgeSound.Trainer.Commands;
using Google.Protobuf;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>The calibrate verb's checks, and how it writes thresholds into a model (through <c>seal</c>).</summary>
public sealed class CalibrateCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-calibrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Models() => RepoPaths.File(Path.Combine("firmware", "models"));

    private static (int Code, string Error) Run(params string[] args)
    {
        var (code, _, error) = TrainerCli.Run(args);
        return (code, error);
    }

    [Fact]
    public void Folds_the_model_was_trained_on_are_refused()
    {
        string model = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        var (code, error) = Run("calibrate", "--model", model, "--data", _dir, "--folds", "3,4");
        Assert.Equal(2, code);
        Assert.Contains("trained on fold(s) 1,2,3, which include 3", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--folds", "5", "fold 5 is held out")]
    [InlineData("--soundscapes", "pink-40", "expected BACKGROUND@DBFS#SEED")]
    [InlineData("--thresholds", "0.5,1.5", "(0, 1]")]
    public void Bad_options_exit_2_naming_the_option(string option, string value, string expected)
    {
        string model = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        string[] args = ["calibrate", "--model", model, "--data", _dir, "--folds", "4", option, value];
        if (option == "--folds")
        {
            args = ["calibrate", "--model", model, "--data", _dir, option, value];
        }

        var (code, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("pink@5#1/1", "soundscape pink@5dBFS/seed1/half1: background level must be in (-120,0) dBFS, got 5")]
    [InlineData("pink@NaN#1/1", "soundscape pink@NaNdBFS/seed1/half1: background level must be in (-120,0) dBFS, got NaN")]
    public void A_soundscape_level_out_of_range_is_one_line_before_any_work(string spec, string line)
    {
        string model = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        var (code, error) = Run("calibrate", "--model", model, "--data", _dir, "--folds", "4", "--soundscapes", spec);
        Assert.Equal(2, code);
        Assert.Equal($"calibrate failed: {line}", error.Trim());
    }

    [Fact]
    public void The_json_report_path_is_tried_before_any_work()
    {
        string model = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        string file = Path.Combine(_dir, "plain-file");
        File.WriteAllText(file, "x");
        var (code, error) = Run("calibrate", "--model", model, "--data", _dir, "--folds", "4", "--json", Path.Combine(file, "c.json"));
        Assert.Equal(2, code);
        Assert.Contains("--json", error);
        Assert.DoesNotContain("calibrate: ", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Soundscapes_without_events_choose_and_write_no_thresholds()
    {
        if (DataPaths.Find("esc50-16k", output) is not { } esc50)
        {
            return;
        }

        string model = Path.Combine(_dir, "h4.onnx");
        File.Copy(Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx"), model);
        byte[] before = File.ReadAllBytes(model);
        var (code, error) = Run("calibrate", "--model", model, "--data", esc50, "--folds", "4", "--duration", "5", "--soundscapes", "pink@-40#1/1", "--write");
        Assert.Equal(2, code);
        Assert.Contains("calibrate failed: the calibration soundscapes hold no events (pink@-40dBFS/seed1/half1): nothing to calibrate on", error);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Theory]
    [InlineData("4", "--folds 4: 2 models need 2 different folds")]
    [InlineData("4,4", "--folds 4,4: fold 4 is given twice")]
    public void Several_models_need_one_different_fold_each(string folds, string expected)
    {
        string model = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        var (code, error) = Run("calibrate", "--model", model + "," + model, "--data", _dir, "--folds", folds);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_missing_into_model_or_an_empty_model_entry_stops_before_calibrating()
    {
        string model = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        string missing = Path.Combine(_dir, "missing.onnx");
        var (code, error) = Run("calibrate", "--model", model, "--data", _dir, "--folds", "4", "--into", missing);
        Assert.Equal(2, code);
        Assert.Contains("missing.onnx", error);
        Assert.DoesNotContain("calibrate: ", error);

        var (empty, emptyError) = Run("calibrate", "--model", model + ",", "--data", _dir, "--folds", "4");
        Assert.Equal(2, empty);
        Assert.Contains("an entry is empty", emptyError);
    }

    [Fact]
    public void A_model_paired_with_a_fold_it_was_trained_on_is_named()
    {
        string four = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx"), three = Path.Combine(Models(), "recipe-check", "edgesound-heldout3.onnx");
        var (code, error) = Run("calibrate", "--model", $"{four},{three}", "--data", _dir, "--folds", "3,4");
        Assert.Equal(2, code);
        Assert.Contains($"{four} was trained on fold(s) 1,2,3, which include 3", error);
    }

    [Fact]
    public void The_candidate_settings_default_to_the_daemons_so_written_thresholds_fit_what_the_daemon_runs()
    {
        var daemon = new EdgeSound.Daemon.Configuration.DetectionOptions();
        var (code, help, _) = TrainerCli.Run("calibrate", "--help");
        Assert.Equal(0, code);
        Assert.Contains($"default: the daemon's, {daemon.SmoothingWindows})", help);
        Assert.Contains("default: the daemon's, 0.25)", help);
        Assert.Null(CalibrateCommand.SettingsNote(new(daemon.SmoothingWindows, daemon.MinDurationSeconds, daemon.OffsetThreshold, daemon.TopLabelOnly), daemon));
    }

    [Fact]
    public void Settings_other_than_the_daemons_are_named_as_config_keys()
    {
        var note = CalibrateCommand.SettingsNote(new(2, 1.0, 0.35, false), new EdgeSound.Daemon.Configuration.DetectionOptions());
        Assert.Equal("calibrate: the thresholds fit settings other than the daemon's defaults; a device that uses them needs detection: smoothing_windows: 2, offset_threshold: 0.35, top_label_only: false in its config", note);
    }

    [Fact]
    public void Writing_thresholds_reseals_the_model_with_its_graph_unchanged()
    {
        string model = Path.Combine(_dir, "edgesound.onnx");
        File.Copy(Path.Combine(Models(), "edgesound.onnx"), model);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model)).Graph.ToByteArray();
        var metadata = new Dictionary<string, string>
        {
            [ModelMetadataKeys.ClassThresholds] = """{"dog":0.42,"siren":0.77}""",
            [ModelMetadataKeys.Calibration] = """{"folds":[4]}""",
        };
        SealCommand.Seal(model, [], TextWriter.Null, metadata);
        SealCommand.Seal(model, [], TextWriter.Null, metadata);

        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        Assert.Equal(graph, proto.Graph.ToByteArray());
        Assert.Single(proto.MetadataProps, p => p.Key == ModelMetadataKeys.ClassThresholds);
        using SoundClassifier classifier = SoundClassifier.Load(model);
        Assert.True(classifier.Digest.Matches);
        Assert.Equal(0.42, classifier.ClassThresholds["dog"]);
        Assert.Equal("""{"folds":[4]}""", classifier.Metadata[ModelMetadataKeys.Calibration]);
    }
}
