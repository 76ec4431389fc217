using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Trainer.Training;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Soundscapes;
using EdgeSound.Trainer.Calibration;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>calibrate --model M.onnx --data DIR --folds 4 [--soundscapes SPEC,...] [--write] [--into OTHER.onnx,...]</c>:
/// mixes calibration soundscapes of the given (held-out) folds, runs them through the daemon's own pipeline (fixed-point
/// frontend, windows, level gate, ONNX Runtime, the daemon's <see cref="EventDetector"/>), and chooses a per-label onset
/// threshold that maximises event F1 (<see cref="ThresholdCalibrator"/>) for the daemon's default detector settings
/// (smoothing, minimum duration, offset, top label only), or the best of the candidate settings given. With
/// <c>--write</c> the thresholds (<see cref="ModelMetadataKeys.ClassThresholds"/>) and how they were found
/// (<see cref="ModelMetadataKeys.Calibration"/>) go into the model, which is then re-sealed with its graph unchanged;
/// <c>--into</c> writes the same into other models with the same labels. Before writing, each receiving model's
/// thresholds pass its own <see cref="NoiseGuard"/> (labels it raises on steady noise are raised until it stays
/// quiet). Refuses folds the model was trained on.
/// <c>--model A.onnx,B.onnx --folds 1,2</c> pools models of one recipe, each scoring soundscapes of the fold it was
/// held out on, so each label's threshold is chosen on several folds' events.
/// Exit codes: 0 done, 2 bad input (one line naming the file or option).
/// </summary>
internal static class CalibrateCommand
{
    /// <summary>Six calibration soundscapes: pink and brown noise and an ESC-50 ambience bed at -40 and -45 dBFS, half 1 of the recordings.</summary>
    internal const string DefaultSoundscapes = "pink@-40#101/1,pink@-45#102/1,brown@-40#103/1,brown@-45#104/1,ambience@-40#105/1,ambience@-45#106/1";

    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "EdgeSound ONNX model to calibrate (scores the soundscapes); or comma-separated models of one recipe, one per fold of --folds "
                + "(model i scores soundscapes of fold i, e.g. the recipe checks held out on folds 1-4), whose windows are pooled.",
            Required = true,
        };
        var data = new Option<string>("--data") { Description = "ESC-50 folder (audio/*.wav, meta/esc50.csv).", Required = true };
        var folds = new Option<string>("--folds") { Description = "Folds to draw clips from, within 1-4, none the model was trained on.", Required = true };
        var soundscapes = new Option<string>("--soundscapes")
        {
            Description = "Comma-separated BACKGROUND@DBFS#SEED/HALF (background pink, brown, white or ambience = rain, wind, sea_waves, crickets).",
            DefaultValueFactory = _ => DefaultSoundscapes,
        };
        var duration = new Option<double>("--duration") { Description = "Seconds per soundscape (default 1200).", DefaultValueFactory = _ => 1200 };
        var rate = new Option<double>("--rate") { Description = "Mean events per minute (default 4).", DefaultValueFactory = _ => 4 };
        var snr = new Option<string>("--snr") { Description = "Event SNR range in dB, MIN,MAX (default 0,20).", DefaultValueFactory = _ => "0,20" };
        var daemon = new DetectionOptions();
        var smoothing = new Option<string>("--smoothing") { Description = $"Candidate smoothing_windows (default: the daemon's, {daemon.SmoothingWindows}).", DefaultValueFactory = _ => Text(daemon.SmoothingWindows) };
        var minDuration = new Option<string>("--min-duration") { Description = $"Candidate min_duration_s (default: the daemon's, {Text(daemon.MinDurationSeconds)}).", DefaultValueFactory = _ => Text(daemon.MinDurationSeconds) };
        var offset = new Option<string>("--offset") { Description = $"Candidate offset_threshold (default: the daemon's, {Text(daemon.OffsetThreshold)}).", DefaultValueFactory = _ => Text(daemon.OffsetThreshold) };
        var topLabel = new Option<string>("--top-label-only") { Description = $"Candidate top_label_only values (default: the daemon's, {Text(daemon.TopLabelOnly)}).", DefaultValueFactory = _ => Text(daemon.TopLabelOnly) };
        var shrinkage = new Option<double>("--shrinkage") { Description = "Weight of the all-label mean counts in each label's choice (default 2; 0: each label alone).", DefaultValueFactory = _ => 2 };
        var thresholds = new Option<string>("--thresholds") { Description = "Candidate onset thresholds (default 0.2 to 0.95 in steps of 0.05).", DefaultValueFactory = _ => Grid() };
        var write = new Option<bool>("--write") { Description = "Write the thresholds into every --model and re-seal it." };
        var into = new Option<string?>("--into") { Description = "Comma-separated other models (same labels) to receive the same thresholds." };
        var json = new Option<string?>("--json") { Description = "Write the calibration report (JSON) to this file." };
        var workers = CoreCount.Option("--workers", "Soundscapes scored in parallel (default: one per core).");
        var command = new Command("calibrate", "Calibrate the detector (per-label onset thresholds, smoothing, minimum duration, hysteresis) on soundscapes of held-out clips.")
        {
            model, data, folds, soundscapes, duration, rate, snr, smoothing, minDuration, offset, topLabel, thresholds, shrinkage, write, into, json, workers,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var specs = parse.GetValue(soundscapes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(HeldOutSoundscapes.Parse).ToList();
                var (lo, hi) = Pair(parse.GetValue(snr)!, "--snr");
                var options = new SoundscapeOptions { DurationSeconds = parse.GetValue(duration), EventsPerMinute = parse.GetValue(rate), MinSnrDb = lo, MaxSnrDb = hi };
                options.Validate();
                foreach (var spec in specs)
                {
                    HeldOutSoundscapes.OptionsFor(spec, options);
                }

                OutputPath.CheckFile("--json", parse.GetValue(json));
                OutputPath.CheckDistinct("--json", parse.GetValue(json),
                    [.. OutputPath.Each("--model", parse.GetRequiredValue(model)), .. OutputPath.Each("--into", parse.GetValue(into)), .. DataOption.Files(parse.GetRequiredValue(data))]);
                var candidates = (from s in Numbers(parse.GetValue(smoothing)!, "--smoothing")
                                  from m in Numbers(parse.GetValue(minDuration)!, "--min-duration")
                                  from o in Numbers(parse.GetValue(offset)!, "--offset")
                                  from t in Booleans(parse.GetValue(topLabel)!, "--top-label-only")
                                  select new DetectorSettings((int)s, m, o, t)).ToList();
                var shrink = parse.GetValue(shrinkage);
                if (!(shrink >= 0))
                {
                    throw new ArgumentException($"--shrinkage {shrink}: must be at least 0");
                }

                var grid = Numbers(parse.GetValue(thresholds)!, "--thresholds");
                if (grid.Any(t => !(t > 0 && t <= 1)) || candidates.Any(c => c.SmoothingWindows < 1 || c.MinDurationSeconds < 0 || !(c.OffsetThreshold > 0 && c.OffsetThreshold <= 1)))
                {
                    throw new ArgumentException("--thresholds and --offset must lie in (0, 1], --smoothing at least 1, --min-duration at least 0");
                }

                var modelPaths = parse.GetRequiredValue(model).Split(',', StringSplitOptions.TrimEntries);
                var pairs = Pairs(modelPaths, parse.GetRequiredValue(folds));
                var foldSet = pairs.SelectMany(p => p.Folds).ToHashSet();
                var labels = ReadLabels(modelPaths[0]);
                var targets = (parse.GetValue(write) ? [.. modelPaths] : new List<string>())
                    .Concat((parse.GetValue(into) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                foreach (var path in modelPaths.Skip(1).Concat(targets).Distinct())
                {
                    CheckLabels(path, labels);
                }

                var dataset = Esc50Dataset.Open(parse.GetRequiredValue(data));

                var inputs = new List<CalibrationInput>();
                foreach (var (modelPath, modelFolds) in pairs)
                {
                    inputs.AddRange(Record(modelPath, labels, dataset, modelFolds, specs, options, parse.GetValue(workers), error,
                        pairs.Count > 1 ? $"fold{modelFolds.Single()}:" : ""));
                }

                if (inputs.Sum(i => i.Truth.Count) == 0)
                {
                    throw new InvalidDataException(
                        $"the calibration soundscapes hold no events ({string.Join(", ", inputs.Select(i => i.Name))}): nothing to calibrate on, no threshold chosen or written; lengthen --duration or raise --rate");
                }

                var result = ThresholdCalibrator.Calibrate(inputs, labels, new DetectionOptions(), candidates, grid, shrink);
                var report = Report(result, inputs, labels, foldSet, options, specs);
                report["shrinkage"] = shrink;
                WriteSummary(parse.InvocationConfiguration.Output, result, report);
                if (SettingsNote(result.Settings, daemon) is { } note)
                {
                    error.WriteLine(note);
                }

                if (parse.GetValue(json) is { } jsonPath)
                {
                    AtomicFile.WriteAllText(jsonPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }

                var backgrounds = targets.Count > 0 ? NoiseGuard.Backgrounds() : [];
                var provenance = Provenance(report, modelPaths);
                foreach (var target in targets)
                {
                    GuardedThresholds.Write(target, labels, result.Thresholds, provenance, backgrounds, error);
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or JsonException
                or ModelLoadException or OnnxRuntimeException or UnauthorizedAccessException)
            {
                error.WriteLine($"calibrate failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// Which model scores which folds: one model scores soundscapes of every fold of <paramref name="foldsText"/>;
    /// several models pair one to one with the folds, in order. Each model is checked against its folds.
    /// </summary>
    /// <exception cref="ArgumentException">the numbers of models and folds differ, or a model was trained on its fold.</exception>
    private static List<(string Model, HashSet<int> Folds)> Pairs(string[] models, string foldsText)
    {
        if (models.Any(m => m.Length == 0))
        {
            throw new ArgumentException($"--model {string.Join(',', models)}: an entry is empty");
        }

        if (models.Length == 1)
        {
            return [(models[0], ParseFolds(foldsText, models[0]))];
        }

        var folds = FoldList.Parse(foldsText, "--folds");
        if (folds.Count != models.Length)
        {
            throw new ArgumentException($"--folds {foldsText}: {models.Length} models need {models.Length} different folds, one per model in the same order");
        }

        return [.. models.Select((m, i) => (m, ParseFolds(folds[i].ToString(CultureInfo.InvariantCulture), m)))];
    }

    /// <summary>
    /// Generates each soundscape and records the model's windows over it through the daemon's pipeline; each input is
    /// named by its spec after <paramref name="prefix"/>.
    /// </summary>
    private static List<CalibrationInput> Record(string modelPath, string[] labels, Esc50Dataset dataset, IReadOnlySet<int> folds, IReadOnlyList<SoundscapeSpec> specs,
        SoundscapeOptions options, int workers, TextWriter log, string prefix)
    {
        var inputs = new CalibrationInput[specs.Count];
        var rules = DetectionRules.From(new DetectionOptions(), labels);
        try
        {
            Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i => RecordOne(i));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // A worker's fault (a clip that cannot be read, a model ONNX Runtime refuses) is the command's one line.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return [.. inputs];

        void RecordOne(int i)
        {
            var scape = HeldOutSoundscapes.Make(dataset, folds, specs[i], options);
            using var scorer = new OnnxWindowScorer(SoundClassifier.Load(modelPath));
            var trace = WindowTrace.Record(scorer, rules, DaemonInput.FromWav16k(scape.Scape.Samples));
            inputs[i] = new CalibrationInput(prefix + specs[i], trace, scape.Scape.Events, scape.Ignore, options.DurationSeconds);
            lock (log)
            {
                log.WriteLine($"calibrate: {prefix}{specs[i]}: {scape.Scape.Events.Count} events, {trace.Windows} windows ({Path.GetFileName(modelPath)})");
            }
        }
    }

    private static string[] ReadLabels(string modelPath)
    {
        using var classifier = SoundClassifier.Load(modelPath);
        return classifier.Labels;
    }

    private static void CheckLabels(string target, string[] labels)
    {
        if (!ReadLabels(target).SequenceEqual(labels))
        {
            throw new InvalidDataException($"{target}: its labels differ from the calibrated model's; thresholds not written");
        }
    }

    /// <summary>The calibration report: chosen settings and thresholds, each candidate's F1, and per-soundscape scores.</summary>
    private static JsonObject Report(CalibrationResult result, IReadOnlyList<CalibrationInput> inputs, string[] labels, IReadOnlySet<int> folds,
        SoundscapeOptions options, IReadOnlyList<SoundscapeSpec> specs)
    {
        var rules = DetectionRules.From(ThresholdCalibrator.Options(new DetectionOptions(), result.Settings, new DetectionOptions().Threshold), labels, result.Thresholds);
        var defaults = DetectionRules.From(new DetectionOptions(), labels);
        int truth = 0, matched = 0, detected = 0;
        var scapes = new JsonArray();
        foreach (var input in inputs)
        {
            var before = ThresholdCalibrator.Score(input, defaults);
            (truth, matched, detected) = (truth + before.Truth, matched + before.Matched, detected + before.Detections);
            var s = ThresholdCalibrator.Score(input, rules);
            scapes.Add(new JsonObject
            {
                ["soundscape"] = input.Name,
                ["events"] = s.Truth,
                ["precision"] = EventScorer.Round(s.Precision),
                ["recall"] = EventScorer.Round(s.Recall),
                ["f1"] = EventScorer.Round(s.F1),
                ["background_false_alarms_per_hour"] = Math.Round(s.BackgroundFalseAlarmsPerHour, 1),
            });
        }

        return new JsonObject
        {
            ["folds"] = new JsonArray([.. folds.Order().Select(f => JsonValue.Create(f))]),
            ["soundscapes"] = string.Join(',', specs),
            ["duration_s"] = options.DurationSeconds,
            ["events_per_minute"] = options.EventsPerMinute,
            ["snr_db"] = new JsonArray(options.MinSnrDb, options.MaxSnrDb),
            ["smoothing_windows"] = result.Settings.SmoothingWindows,
            ["min_duration_s"] = result.Settings.MinDurationSeconds,
            ["offset_threshold"] = result.Settings.OffsetThreshold,
            ["top_label_only"] = result.Settings.TopLabelOnly,
            ["calibration_f1"] = Math.Round(result.F1, 4),
            ["uncalibrated_f1"] = Math.Round(2.0 * matched / Math.Max(1, detected + truth), 4),
            ["candidates"] = new JsonArray([.. result.Compared.Select(c => new JsonObject
            {
                ["smoothing_windows"] = c.Settings.SmoothingWindows,
                ["min_duration_s"] = c.Settings.MinDurationSeconds,
                ["offset_threshold"] = c.Settings.OffsetThreshold,
                ["top_label_only"] = c.Settings.TopLabelOnly,
                ["f1"] = Math.Round(c.F1, 4),
            })]),
            ["per_soundscape"] = scapes,
            ["thresholds"] = JsonNode.Parse(ModelThresholds.ToJson(labels, result.Thresholds)),
        };
    }

    /// <summary>
    /// The model's record of its calibration: the report without the thresholds (they have their own key), the
    /// candidates and the list of soundscapes (each is named in <c>per_soundscape</c>), so the file stays small.
    /// </summary>
    private static JsonObject Provenance(JsonObject report, IEnumerable<string> modelPaths)
    {
        var copy = report.DeepClone().AsObject();
        copy.Remove("thresholds");
        copy.Remove("candidates");
        copy.Remove("soundscapes");
        copy["calibrated_with"] = string.Join(',', modelPaths.Select(Path.GetFileName));
        return copy;
    }

    private static void WriteSummary(TextWriter output, CalibrationResult result, JsonObject report)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var (settings, f1) in result.Compared)
        {
            output.WriteLine(string.Format(inv, "smoothing {0}  min_duration {1:0.00} s  offset {2:0.00}  top_label_only {3}: calibration F1 {4:0.000}", settings.SmoothingWindows, settings.MinDurationSeconds, settings.OffsetThreshold, settings.TopLabelOnly, f1));
        }

        output.WriteLine(string.Format(inv, "chosen: smoothing {0}, min_duration {1:0.00} s, offset {2:0.00}, top_label_only {3}; calibration F1 {4:0.000} (daemon defaults without thresholds: {5:0.000})",
            result.Settings.SmoothingWindows, result.Settings.MinDurationSeconds, result.Settings.OffsetThreshold, result.Settings.TopLabelOnly, result.F1, (double)report["uncalibrated_f1"]!));
        foreach (var s in report["per_soundscape"]!.AsArray())
        {
            output.WriteLine(string.Format(inv, "  {0,-28} events {1,4}  precision {2}  recall {3}  F1 {4}  background false alarms {5:0.0}/h",
                (string?)s!["soundscape"], (int)s["events"]!, EventScorer.Format((double?)s["precision"]), EventScorer.Format((double?)s["recall"]),
                EventScorer.Format((double?)s["f1"]), (double)s["background_false_alarms_per_hour"]!));
        }

        output.WriteLine("thresholds: " + string.Join(", ", result.Thresholds.Select(t => string.Format(inv, "{0} {1:0.00}", t.Key, t.Value))));
    }

    /// <summary>
    /// A line for when the chosen settings are not the daemon's defaults: the thresholds fit the chosen ones, so a device
    /// needs them in its config (a model carries thresholds, not settings). Null when they are the defaults.
    /// </summary>
    internal static string? SettingsNote(DetectorSettings chosen, DetectionOptions daemon)
    {
        (string Key, string Chosen, string Daemon)[] settings =
        [
            ("smoothing_windows", Text(chosen.SmoothingWindows), Text(daemon.SmoothingWindows)),
            ("min_duration_s", Text(chosen.MinDurationSeconds), Text(daemon.MinDurationSeconds)),
            ("offset_threshold", Text(chosen.OffsetThreshold), Text(daemon.OffsetThreshold)),
            ("top_label_only", Text(chosen.TopLabelOnly), Text(daemon.TopLabelOnly)),
        ];
        var keys = settings.Where(s => s.Chosen != s.Daemon).Select(s => $"{s.Key}: {s.Chosen}").ToList();
        return keys.Count == 0 ? null
            : $"calibrate: the thresholds fit settings other than the daemon's defaults; a device that uses them needs detection: {string.Join(", ", keys)} in its config";
    }

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";

    private static string Grid() => string.Join(',', Enumerable.Range(4, 16).Select(i => (i * 0.05).ToString("0.00", CultureInfo.InvariantCulture)));

    private static List<double> Numbers(string text, string option)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                throw new ArgumentException($"{option} {text}: '{part}' is not a number");
            }

            values.Add(v);
        }

        return values.Count > 0 ? values : throw new ArgumentException($"{option}: no value given");
    }

    private static List<bool> Booleans(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => bool.TryParse(p, out var b) ? b : throw new ArgumentException($"{option} {text}: '{p}' is not true or false")).ToList();

    private static (double Min, double Max) Pair(string text, string option)
    {
        var v = Numbers(text, option);
        return v.Count == 2 && v[0] <= v[1] ? (v[0], v[1]) : throw new ArgumentException($"{option} {text}: expected MIN,MAX with MIN <= MAX");
    }

    /// <summary>The folds to calibrate on: within 1-4 and none of those the model's <c>edgesound.training</c> metadata lists.</summary>
    private static HashSet<int> ParseFolds(string text, string modelPath)
    {
        var folds = FoldList.Parse(text, "--folds").ToHashSet();
        if (folds.Any(f => f is < 1 or > 4))
        {
            throw new ArgumentException($"--folds {text}: folds must be among 1,2,3,4 (fold 5 is held out and not used)");
        }

        using var classifier = SoundClassifier.Load(modelPath);
        if (TrainingFolds.Of(modelPath, classifier.Metadata) is { } all)
        {
            var overlap = all.Where(folds.Contains).ToList();
            if (overlap.Count > 0)
            {
                throw new ArgumentException($"--folds {text}: {modelPath} was trained on fold(s) {string.Join(',', all)}, which include {string.Join(',', overlap)}; calibrate on held-out folds only");
            }
        }

        return folds;
    }
}
