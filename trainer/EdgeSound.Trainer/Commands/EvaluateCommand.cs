using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Learning.Metrics;
using EdgeSound.Trainer.Training;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>evaluate --model FILE.onnx --data DIR [--folds 1,2] [--workers N] [--json] [--allow-unverified-model]</c>: runs every clip through the
/// device's own path (16 kHz int16 -> fixed-point frontend -> ONNX Runtime -> clip decision) and reports accuracy,
/// macro-F1 and per-class precision/recall/F1. With --json, stdout carries only
/// <c>{"clips": N, "accuracy": A, "macro_f1": F, "per_class": {"label": {"precision", "recall", "f1", "support"}}}</c>;
/// progress and problems go to stderr. Each worker has its own single-threaded session. A model whose recorded SHA-256
/// is missing or wrong is refused unless <c>--allow-unverified-model</c> is given (then a warning names both hashes).
/// Clips shorter than one model window are scored (as one window padded with silence) with one warning per run.
/// Folds the model's <c>edgesound.training</c> metadata says it was trained on are scored too, with one warning per run.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "EdgeSound ONNX model file.", Required = true };
        var data = new Option<string>("--data") { Description = DataOption.Description, Required = true };
        var folds = new Option<string?>("--folds") { Description = "Comma-separated folds to evaluate (default: all in the metadata)." };
        var workers = CoreCount.Option("--workers", "Parallel workers, one ONNX Runtime session each (default: one per core).");
        var json = new Option<bool>("--json") { Description = "Print only one JSON object on stdout." };
        var allowUnverified = new Option<bool>("--allow-unverified-model")
        {
            Description = "Load a hand-made model whose recorded SHA-256 (edgesound.content_sha256) is missing or does not match its bytes.",
        };
        var command = new Command("evaluate", "Evaluate a model on a dataset's clips through the device's frontend, ONNX Runtime and clip decision.")
        {
            model, data, folds, workers, json, allowUnverified,
        };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                var options = new EvaluateOptions(
                    parse.GetRequiredValue(model),
                    parse.GetRequiredValue(data),
                    parse.GetValue(folds) is { } f ? FoldList.Set(f, "--folds") : null,
                    parse.GetValue(workers),
                    parse.GetValue(allowUnverified));
                EvaluationResult result = Evaluate(options, error);
                TextWriter output = parse.InvocationConfiguration.Output;
                if (parse.GetValue(json))
                {
                    output.WriteLine(ToJson(result));
                }
                else
                {
                    WriteTable(result, output);
                }

                return result.Failures.Count == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException
                or ModelLoadException or OnnxRuntimeException or DllNotFoundException or UnauthorizedAccessException
                or InvalidOperationException)
            {
                error.WriteLine($"evaluate failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    internal sealed record EvaluateOptions(string ModelPath, string DataDir, IReadOnlySet<int>? Folds, int Workers, bool AllowUnverified = false);

    internal sealed record EvaluationResult(string[] Labels, ClassificationReport Report, IReadOnlyList<string> Failures);

    internal static EvaluationResult Evaluate(EvaluateOptions options, TextWriter log)
    {
        ILabeledDataset dataset = DataOption.Open(options.DataDir, log);
        IReadOnlyList<DatasetItem> selected = DatasetSelection.InFolds(dataset, options.Folds);
        int workers = Math.Min(options.Workers, selected.Count);
        DatasetWarnings warnings = DataOption.Warnings(log);
        var classifiers = new SoundClassifier[workers];
        try
        {
            for (int w = 0; w < workers; w++)
            {
                classifiers[w] = SoundClassifier.Load(options.ModelPath, new ModelLoadOptions { AllowUnverified = options.AllowUnverified, OverrideName = "--allow-unverified-model" });
            }

            if (!classifiers[0].Digest.Matches)
            {
                log.WriteLine($"evaluate: warning: {options.ModelPath} is unverified (records SHA-256 "
                    + $"{classifiers[0].Digest.Recorded ?? "none"}, content hashes to {classifiers[0].Digest.Computed}); loaded because of --allow-unverified-model");
            }

            WarnTrainingFolds(options.ModelPath, classifiers[0], selected, log);
            string[] labels = classifiers[0].Labels;
            (DatasetItem[] clips, int[] truth, List<string> unknown) = MapTargets(selected, labels, options.ModelPath);
            foreach (string line in unknown)
            {
                log.WriteLine($"evaluate: skipped {line}");
            }

            log.WriteLine($"evaluate: {clips.Length} clips, model {options.ModelPath} ({labels.Length} classes), "
                + $"ONNX Runtime {SoundClassifier.RuntimeVersion}, {workers} worker(s)");

            var predicted = new int[clips.Length];
            var failures = new string?[clips.Length];
            var audioSeconds = new double[clips.Length];
            int next = -1;
            int done = 0;
            var clock = Stopwatch.StartNew();
            var threads = new Thread[workers];
            Exception? fatal = null;
            for (int w = 0; w < workers; w++)
            {
                SoundClassifier classifier = classifiers[w];
                var reader = new DatasetAudio(warnings);
                threads[w] = new Thread(() =>
                {
                    try
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < clips.Length)
                        {
                            predicted[i] = ClassifyClip(reader, clips[i], classifier, out failures[i], out audioSeconds[i]);
                            int n = Interlocked.Increment(ref done);
                            if (n % 100 == 0 || n == clips.Length)
                            {
                                lock (log)
                                {
                                    log.WriteLine($"evaluate: {n}/{clips.Length} clips ({n / clock.Elapsed.TotalSeconds:0.0} clips/s)");
                                }
                            }
                        }
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref fatal, e, null);
                        Interlocked.Exchange(ref next, clips.Length);
                    }
                })
                { IsBackground = true, Name = $"evaluate-{w}" };
                threads[w].Start();
            }

            foreach (Thread t in threads)
            {
                t.Join();
            }

            if (fatal is not null)
            {
                throw new InvalidOperationException($"evaluate: a worker failed: {fatal.Message}", fatal);
            }

            var okTruth = new List<int>(clips.Length);
            var okPredicted = new List<int>(clips.Length);
            var failed = new List<string>(dataset.Problems.Select(p => p.ToString()).Concat(unknown));
            for (int i = 0; i < clips.Length; i++)
            {
                if (failures[i] is { } message)
                {
                    failed.Add(message);
                    log.WriteLine($"evaluate: skipped {message}");
                }
                else
                {
                    okTruth.Add(truth[i]);
                    okPredicted.Add(predicted[i]);
                }
            }

            WarnShortClips(clips, failures, audioSeconds, classifiers[0], log);
            ClassificationReport report = ClassificationReport.Create([.. okTruth], [.. okPredicted], labels.Length);
            log.WriteLine($"evaluate: {report.Count} clips in {clock.Elapsed.TotalSeconds:0.0} s, accuracy {report.Accuracy:0.0000}, "
                + $"macro-F1 {report.MacroF1:0.0000}" + (failed.Count > 0 ? $", {failed.Count} clip(s) skipped" : ""));
            return new EvaluationResult(labels, report, failed);
        }
        finally
        {
            foreach (SoundClassifier? c in classifiers)
            {
                c?.Dispose();
            }
        }
    }

    /// <summary>The clip's class by the device's clip decision; <paramref name="seconds"/> is how much audio it held.</summary>
    private static int ClassifyClip(DatasetAudio reader, DatasetItem clip, SoundClassifier classifier, out string? failure, out double seconds)
    {
        float[] samples;
        try
        {
            samples = reader.Load(clip);
        }
        catch (Exception e) when (DatasetAudio.IsFileProblem(e))
        {
            failure = $"{clip.Name}: {e.Message}";
            seconds = 0;
            return -1;
        }

        seconds = (double)samples.Length / DatasetAudio.SampleRate;

        short[] pcm = Pcm.ToInt16(samples);
        float[] scores = ClipClassifier.Classify(classifier, pcm);
        failure = null;
        int best = 0;
        for (int k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// Warns once, as the daemon does for a short input, when scored clips held less audio than one model window: the
    /// count and the first such clip. Such a clip is judged as one window padded with silence.
    /// </summary>
    private static void WarnShortClips(DatasetItem[] clips, string?[] failures, double[] audioSeconds, SoundClassifier classifier, TextWriter log)
    {
        FrontendConfig frontend = classifier.Frontend;
        double window = ((classifier.Plan.WindowFrames - 1) * frontend.HopSamples + frontend.WindowSamples) / (double)frontend.SampleRate;
        int[] shortClips = [.. Enumerable.Range(0, clips.Length).Where(i => failures[i] is null && audioSeconds[i] < window)];
        if (shortClips.Length > 0)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"evaluate: warning: {shortClips.Length} clip(s) held less audio than one {window:0.000} s window (e.g. {clips[shortClips[0]].Name}, "
                + $"{audioSeconds[shortClips[0]]:0.000} s): each was judged as one window padded with silence, which says little"));
        }
    }

    /// <summary>
    /// Warns once when the model's <c>edgesound.training</c> metadata lists folds among those of the clips evaluated:
    /// accuracy on clips the model was fitted to says nothing of how it does on sounds it has not heard.
    /// </summary>
    private static void WarnTrainingFolds(string modelPath, SoundClassifier classifier, IReadOnlyList<DatasetItem> clips, TextWriter log)
    {
        if (TrainingFolds.Of(modelPath, classifier.Metadata) is not { } trained)
        {
            return;
        }

        int[] overlap = [.. clips.Select(c => c.Fold).Distinct().Where(trained.Contains).Order()];
        if (overlap.Length > 0)
        {
            log.WriteLine($"evaluate: warning: {modelPath} was trained on fold(s) {string.Join(",", trained)} (its {ModelMetadataKeys.Training} metadata), "
                + $"which include evaluated fold(s) {string.Join(",", overlap)}: accuracy there shows fit, not generalisation (the held-out figures are in the model's card)");
        }
    }

    /// <summary>
    /// Dataset label -> model class by name. Clips whose label the model does not have cannot be judged: they are
    /// returned as one line each (file and reason) and left out.
    /// </summary>
    private static (DatasetItem[] Clips, int[] Truth, List<string> Unknown) MapTargets(IReadOnlyList<DatasetItem> items, string[] labels, string modelPath)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < labels.Length; k++)
        {
            index[labels[k]] = k;
        }

        var clips = new List<DatasetItem>(items.Count);
        var truth = new List<int>(items.Count);
        var unknown = new List<string>();
        foreach (DatasetItem item in items)
        {
            if (index.TryGetValue(item.Label, out int k))
            {
                clips.Add(item);
                truth.Add(k);
            }
            else
            {
                unknown.Add($"{item.Name}: label '{item.Label}' is not a class of {modelPath}");
            }
        }

        return clips.Count > 0
            ? ([.. clips], [.. truth], unknown)
            : throw new ArgumentException($"{modelPath}: the model has no class for any selected clip (labels {string.Join(", ", items.Select(i => i.Label).Distinct())}).");
    }

    internal static string ToJson(EvaluationResult result)
    {
        ClassificationReport r = result.Report;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("clips", r.Count);
            json.WriteNumber("accuracy", r.Accuracy);
            json.WriteNumber("macro_f1", r.MacroF1);
            json.WriteStartObject("per_class");
            for (int k = 0; k < result.Labels.Length; k++)
            {
                json.WriteStartObject(result.Labels[k]);
                json.WriteNumber("precision", r.Precision[k]);
                json.WriteNumber("recall", r.Recall[k]);
                json.WriteNumber("f1", r.F1[k]);
                json.WriteNumber("support", r.Support[k]);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteTable(EvaluationResult result, TextWriter output)
    {
        ClassificationReport r = result.Report;
        var table = new Table().AddColumn("class").AddColumn(new TableColumn("precision").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned()).AddColumn(new TableColumn("f1").RightAligned())
            .AddColumn(new TableColumn("support").RightAligned());
        for (int k = 0; k < result.Labels.Length; k++)
        {
            table.AddRow(
                Markup.Escape(result.Labels[k]),
                r.Precision[k].ToString("0.000", CultureInfo.InvariantCulture),
                r.Recall[k].ToString("0.000", CultureInfo.InvariantCulture),
                r.F1[k].ToString("0.000", CultureInfo.InvariantCulture),
                r.Support[k].ToString(CultureInfo.InvariantCulture));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Write(table);
        console.WriteLine(
            $"clips {r.Count}   accuracy {r.Accuracy.ToString("0.0000", CultureInfo.InvariantCulture)}   "
            + $"macro-F1 {r.MacroF1.ToString("0.0000", CultureInfo.InvariantCulture)}");
    }
}
