using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;
using EdgeSound.Trainer.Training;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Dsp.Files;
using EdgeSound.Trainer.OpenSet;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>openset --model M.onnx --data DIR [--folds 1,2,3] [--method centroid|max_score|kmeans] [--clusters K] [--quantile Q] [--check DIR
/// --check-folds 4] [--write] [--json FILE]</c>: calibrates the open-set rule (<see cref="OpenSetRule"/>) on the windows
/// of the model's training clips (<see cref="OpenSetCalibrator"/>; by default the folds its <c>edgesound.training</c>
/// metadata lists), and with <c>--check</c> measures both methods on other clips as the daemon applies them: the
/// false-unknown rate on clips of the model's labels and the detection rate on clips of other labels
/// (<see cref="OpenSetCheck"/>). With <c>--write</c> the chosen method's rule goes into the model's
/// <see cref="ModelMetadataKeys.OpenSet"/> metadata and the model is re-sealed with its graph unchanged.
/// Exit codes: 0 done, 2 bad input (one line naming the file or option).
/// </summary>
internal static class OpenSetCommand
{
    /// <summary>Default quantile: 99% of the training windows of each top class stay known. Training windows sit nearer
    /// their centroids than new recordings of the same sounds do, so a lower quantile calls too many known sounds unknown.</summary>
    public const double DefaultQuantile = 0.99;

    /// <summary>Default K of the kmeans method (chosen on a split of the base40 training folds, see the trainer README).</summary>
    public const int DefaultClusters = 8;

    /// <summary>The check's name for "unknown when centroid_distance or kmeans says so".</summary>
    private const string EitherName = "centroid_or_kmeans";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "EdgeSound ONNX model to calibrate.", Required = true };
        var data = new Option<string>("--data") { Description = "The model's training data: " + DataOption.Description, Required = true };
        var folds = new Option<string?>("--folds") { Description = "Folds to calibrate on (default: the training folds the model's metadata lists)." };
        var method = new Option<string>("--method")
        {
            Description = "centroid (distance to the top class's centroid of log scores), max_score, or kmeans (distance of the window's log-mel statistics to the nearest K-means centre).",
            DefaultValueFactory = _ => "centroid",
        };
        method.AcceptOnlyFromAmong("centroid", "max_score", "kmeans");
        var clusters = new Option<int>("--clusters") { Description = "K of the kmeans method.", DefaultValueFactory = _ => DefaultClusters };
        var quantile = new Option<double>("--quantile") { Description = "Share of each class's training windows that must stay known, in (0, 1].", DefaultValueFactory = _ => DefaultQuantile };
        var minLevel = new Option<double>("--min-level-dbfs")
        {
            Description = "Only windows at least this loud (RMS dBFS) count, as on the device (detection:unknown:min_level_dbfs).",
            DefaultValueFactory = _ => new UnknownOptions().MinLevelDbfs,
        };
        var minWindows = new Option<int>("--min-windows") { Description = "Consecutive unknown windows that make an event (detection:unknown:min_windows).", DefaultValueFactory = _ => new UnknownOptions().MinWindows };
        var check = new Option<string?>("--check") { Description = "Held-out clips to measure both methods on (labels of the model: known; others: unseen)." };
        var checkFolds = new Option<string?>("--check-folds") { Description = "Folds of --check to use (default: all)." };
        var write = new Option<bool>("--write") { Description = "Write the rule into --model's metadata and re-seal it." };
        var json = new Option<string?>("--json") { Description = "Write the report (JSON) to this file." };
        var workers = CoreCount.Option("--workers", "Parallel workers, one ONNX Runtime session each.");
        var command = new Command("openset", "Calibrate unknown-sound detection (open-set rejection) on a model's training data and store it in the model.")
        {
            model, data, folds, method, clusters, quantile, minLevel, minWindows, check, checkFolds, write, json, workers,
        };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                double q = parse.GetValue(quantile);
                if (!(q > 0 && q <= 1))
                {
                    throw new ArgumentException($"--quantile {q.ToString(CultureInfo.InvariantCulture)}: must be in (0, 1]");
                }

                int runs = parse.GetValue(minWindows);
                if (runs < 1)
                {
                    throw new ArgumentException($"--min-windows {runs}: must be at least 1");
                }

                int k = parse.GetValue(clusters);
                if (k < 1)
                {
                    throw new ArgumentException($"--clusters {k}: must be at least 1");
                }

                OutputPath.CheckFile("--json", parse.GetValue(json));
                OutputPath.CheckDistinct("--json", parse.GetValue(json),
                    [("--model", parse.GetRequiredValue(model)), .. DataOption.Files(parse.GetRequiredValue(data)), .. parse.GetValue(check) is { } checkData ? DataOption.Files(checkData) : []]);

                string modelPath = parse.GetRequiredValue(model);
                double level = parse.GetValue(minLevel);
                if (!(level is >= -140 and <= 0))
                {
                    throw new ArgumentException($"--min-level-dbfs {level.ToString(CultureInfo.InvariantCulture)}: must be a level in [-140, 0] dBFS, as detection:unknown:min_level_dbfs");
                }

                int threads = parse.GetValue(workers);
                (string[] labels, IReadOnlySet<int> trainFolds, int hopFrames, int bands) = ReadModel(modelPath, parse.GetValue(folds));
                ILabeledDataset training = DataOption.Open(parse.GetRequiredValue(data), error);
                string foldOrigin = parse.GetValue(folds) is null
                    ? $"the model's training folds ({string.Join(",", trainFolds.Order())}, from its {ModelMetadataKeys.Training} metadata; give --folds to choose others)"
                    : "--folds";
                List<ScoredClip> calibration = Score(modelPath, DatasetSelection.InFolds(training, trainFolds, foldOrigin), labels, knownOnly: true, threads, error);
                OpenSetMethod chosen = parse.GetValue(method) switch
                {
                    "centroid" => OpenSetMethod.CentroidDistance,
                    "kmeans" => OpenSetMethod.KMeans,
                    _ => OpenSetMethod.MaxScore,
                };
                int loud = calibration.Sum(c => OpenSetCalibrator.Loud(c, level).Count());
                if (loud < k)
                {
                    if (chosen == OpenSetMethod.KMeans)
                    {
                        throw new ArgumentException($"--clusters {k}: the calibration data has only {loud} windows at or above {level} dBFS");
                    }

                    error.WriteLine($"openset: kmeans (compared only) fitted with {loud} clusters, one per calibration window, instead of --clusters {k}");
                    k = loud;
                }

                var rules = new Dictionary<OpenSetMethod, OpenSetRule>
                {
                    [OpenSetMethod.CentroidDistance] = OpenSetCalibrator.Fit(labels, calibration, OpenSetMethod.CentroidDistance, q, level),
                    [OpenSetMethod.MaxScore] = OpenSetCalibrator.Fit(labels, calibration, OpenSetMethod.MaxScore, q, level),
                    [OpenSetMethod.KMeans] = OpenSetCalibrator.Fit(labels, calibration, OpenSetMethod.KMeans, q, level, k, bands),
                };
                var report = new JsonObject
                {
                    ["model"] = Path.GetFileName(modelPath),
                    ["data"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(training.Location)),
                    ["folds"] = new JsonArray([.. trainFolds.Order().Select(f => (JsonNode)f)]),
                    ["clips"] = calibration.Count,
                    ["windows"] = loud,
                    ["quantile"] = q,
                    ["min_level_dbfs"] = level,
                    ["min_windows"] = runs,
                    ["clusters"] = k,
                };
                TextWriter output = parse.InvocationConfiguration.Output;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"calibrated on {calibration.Count} clips of folds {string.Join(",", trainFolds.Order())} ({report["windows"]} windows at or above {level} dBFS), quantile {q}"));
                if (parse.GetValue(check) is { } checkPath)
                {
                    ILabeledDataset held = DataOption.Open(checkPath, error);
                    IReadOnlySet<int>? heldFolds = parse.GetValue(checkFolds) is { } f ? FoldList.Set(f, "--check-folds") : null;
                    List<ScoredClip> checkClips = Score(modelPath, DatasetSelection.InFolds(held, heldFolds, "--check-folds"), labels, knownOnly: false, threads, error);
                    var figures = new JsonObject();
                    foreach ((OpenSetMethod m, OpenSetRule rule) in rules)
                    {
                        OpenSetFigures result = OpenSetCheck.Measure(rule, checkClips, runs, level, hopFrames);
                        double auroc = OpenSetCheck.WindowAuroc(rule, checkClips, level);
                        figures[OpenSetRule.MethodName(m)] = result.ToJson(auroc);
                        output.WriteLine(result.Describe(OpenSetRule.MethodName(m), auroc));
                    }

                    OpenSetFigures either = OpenSetCheck.Measure([rules[OpenSetMethod.CentroidDistance], rules[OpenSetMethod.KMeans]], checkClips, runs, level, hopFrames);
                    figures[EitherName] = either.ToJson(double.NaN);
                    output.WriteLine(either.Describe(EitherName, double.NaN));

                    report["check"] = new JsonObject
                    {
                        ["data"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(held.Location)),
                        ["folds"] = new JsonArray([.. (heldFolds ?? DatasetSelection.Folds(held).ToHashSet()).Order().Select(x => (JsonNode)x)]),
                        ["methods"] = figures,
                    };
                }

                OpenSetRule written = rules[chosen];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{OpenSetRule.MethodName(chosen)} thresholds: {string.Join(", ", labels.Select((l, c) => $"{l} {written.Thresholds[c]:0.###}"))}"));
                if (parse.GetValue(json) is { } jsonPath)
                {
                    AtomicFile.WriteAllText(jsonPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }

                if (parse.GetValue(write))
                {
                    SealCommand.Seal(modelPath, [], error, new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [ModelMetadataKeys.OpenSet] = written.ToJson(report),
                    });
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or JsonException
                or ModelLoadException or OnnxRuntimeException or UnauthorizedAccessException)
            {
                error.WriteLine($"openset failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The model's labels, the folds to calibrate on (given, else its recorded training folds) and its window hop.</summary>
    private static (string[] Labels, IReadOnlySet<int> Folds, int HopFrames, int Bands) ReadModel(string modelPath, string? folds)
    {
        using var classifier = SoundClassifier.Load(modelPath);
        if (folds is not null)
        {
            return (classifier.Labels, FoldList.Set(folds, "--folds"), classifier.Plan.HopFrames, classifier.Bands);
        }

        if (TrainingFolds.Of(modelPath, classifier.Metadata) is { } trained)
        {
            return (classifier.Labels, trained, classifier.Plan.HopFrames, classifier.Bands);
        }

        throw new ArgumentException($"{modelPath}: metadata '{ModelMetadataKeys.Training}' lists no training folds; give --folds");
    }

    /// <summary>
    /// Scores each clip's windows, one session per worker. Clips that cannot be read are listed on <paramref name="log"/>
    /// and left out; with <paramref name="knownOnly"/> so are clips whose label the model lacks (they cannot calibrate it).
    /// </summary>
    private static List<ScoredClip> Score(string modelPath, IReadOnlyList<DatasetItem> items, string[] labels, bool knownOnly, int workers, TextWriter log)
    {
        var usable = new List<DatasetItem>(items.Count);
        foreach (DatasetItem item in items)
        {
            if (knownOnly && !labels.Contains(item.Label))
            {
                log.WriteLine($"openset: skipped {item.Name}: label '{item.Label}' is not a class of {modelPath}");
            }
            else
            {
                usable.Add(item);
            }
        }

        var clips = new ScoredClip?[usable.Count];
        var failures = new string?[usable.Count];
        int n = Math.Max(1, Math.Min(workers, usable.Count));
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n }, w =>
        {
            using var classifier = SoundClassifier.Load(modelPath);
            var reader = new DatasetAudio(DataOption.Warnings(log));
            for (int i = w; i < usable.Count; i += n)
            {
                try
                {
                    short[] pcm = Pcm.ToInt16(reader.Load(usable[i]));
                    clips[i] = new ScoredClip(usable[i].Name, usable[i].Label, ClipWindowScorer.Score(classifier, pcm));
                }
                catch (Exception e) when (DatasetAudio.IsFileProblem(e))
                {
                    failures[i] = $"{usable[i].Name}: {e.Message}";
                }
            }
        });
        foreach (string? failure in failures)
        {
            if (failure is not null)
            {
                log.WriteLine($"openset: skipped {failure}");
            }
        }

        List<ScoredClip> scored = [.. clips.OfType<ScoredClip>()];
        return scored.Count > 0 ? scored : throw new InvalidDataException($"{modelPath}: none of the {items.Count} selected clips could be scored");
    }
}
