using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Neural;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>train --data DIR --out FILE.onnx [--folds 1,2,3,4] [--cv] [--epochs N] [--val-fold K]</c>: computes the
/// fixed-point frontend's frames of every clip, trains the compact CNN from scratch (progress on stderr), quantizes
/// it to int8, checks the int8 simulation against the float model, exports the QDQ ONNX model with its metadata and
/// writes the model card (FILE.md) beside it. With <c>--val-fold K</c> fold K is held out and reported; with
/// <c>--cv</c> each fold is first held out in turn (leave-one-fold-out) before the final model is trained on all of them.
/// </summary>
internal static class TrainCommand
{
    public const int CalibrationWindows = 400;

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = DataOption.Description, Required = true };
        var output = new Option<string>("--out") { Description = "ONNX model to write; the model card goes beside it as .md.", Required = true };
        var folds = new Option<string?>("--folds") { Description = "Comma-separated folds to train on (default: every fold the data has)." };
        var cv = new Option<bool>("--cv") { Description = "Leave-one-fold-out over --folds before training the final model on all of them." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => new TrainingRecipe().Epochs };
        var valFold = new Option<int?>("--val-fold") { Description = "Hold this fold out of training and report accuracy on it." };
        var threads = new Option<int>("--threads") { Description = "Cores to use.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Random seed (initialisation, shuffling, augmentation).", DefaultValueFactory = _ => new TrainingRecipe().Seed };
        var noise = new Option<double>("--noise")
        {
            Description = "Probability that a training crop is mixed over background noise (white/pink/brown, 5-35 dB below its peak); 0 turns it off. The shipped recipe uses 0.5: it raised event precision on noisy soundscapes of held-out clips from 0.53 to 0.81.",
            DefaultValueFactory = _ => 0.5,
        };
        var saveFloat = new Option<string?>("--save-float") { Description = "Also save the trained float model (checkpoint) to this file." };
        var loadFloat = new Option<string?>("--load-float") { Description = "Skip training: quantize and export this saved float model." };
        var recipeCheck = new Option<string?>("--recipe-check")
        {
            Description = "Comma-separated models trained with the same recipe and --val-fold (one per held-out fold); their held-out accuracy is quoted in this model's metrics and card.",
        };
        var baseModel = new Option<string?>("--base")
        {
            Description = "Transfer learning: start from this trained model (EdgeSound .onnx, or a --save-float checkpoint) and train a new head for this data's labels. Its frontend must be this trainer's.",
        };
        var teacher = new Option<string?>("--teacher")
        {
            Description = "Knowledge distillation: comma-separated EdgeSound models (same labels and frontend) whose averaged, softened scores are part of every training target.",
        };
        var distill = new Option<double>("--distill")
        {
            Description = "Share of the training target taken from the teachers (0..1; with --teacher).",
            DefaultValueFactory = _ => 0.5,
        };
        var temperature = new Option<double>("--temperature")
        {
            Description = "Distillation temperature the teachers' scores are softened by (p^(1/T), renormalised).",
            DefaultValueFactory = _ => new TrainingRecipe().DistillationTemperature,
        };
        var fineTune = new Option<string?>("--fine-tune")
        {
            Description = "With --base: 'head' (default) trains only the new head on the base's frozen layers; 'all' fine-tunes every layer.",
        };
        fineTune.AcceptOnlyFromAmong("head", "all");
        var command = new Command("train", "Train the compact CNN (from scratch or from a base model), quantize to int8 and export ONNX plus a model card.")
        {
            data, output, folds, cv, epochs, valFold, threads, seed, noise, saveFloat, loadFloat, recipeCheck, baseModel, fineTune, teacher, distill, temperature,
        };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                var options = new TrainOptions(
                    parse.GetRequiredValue(data),
                    parse.GetRequiredValue(output),
                    parse.GetValue(folds) is { } f ? ParseFolds(f) : null,
                    parse.GetValue(cv),
                    parse.GetValue(epochs),
                    parse.GetValue(valFold),
                    Math.Max(1, parse.GetValue(threads)),
                    parse.GetValue(seed),
                    parse.GetValue(noise),
                    parse.GetValue(saveFloat),
                    parse.GetValue(loadFloat),
                    parse.GetValue(recipeCheck),
                    parse.GetValue(baseModel),
                    parse.GetValue(fineTune),
                    parse.GetValue(teacher) is { } t ? [.. t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
                    parse.GetResult(distill) is { Implicit: false } ? parse.GetValue(distill) : null,
                    parse.GetValue(temperature),
                    "dotnet run --project trainer/EdgeSound.Trainer -c Release -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Quote)));
                Run(options, error);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or InvalidOperationException)
            {
                error.WriteLine($"train failed: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private sealed record TrainOptions(
        string Data, string Output, IReadOnlyList<int>? Folds, bool CrossValidate, int Epochs, int? ValidationFold,
        int Threads, int Seed, double Noise, string? SaveFloat, string? LoadFloat, string? RecipeCheck, string? Base, string? FineTune,
        IReadOnlyList<string> Teachers, double? Distill, double Temperature, string Command)
    {
        public bool FineTuneAll => FineTune == "all";

        /// <summary>Share of the target from the teachers: --distill, 0.5 when only --teacher is given, 0 without teachers.</summary>
        public double DistillationWeight => Teachers.Count == 0 ? 0 : Distill ?? 0.5;
    }

    private sealed record TrainingStats(double TrainingSeconds, double SamplesPerSecond, double EpochSeconds, string Command, int Threads);

    private sealed record FoldResult(int Fold, bool HeldOut, int Clips, double FloatAccuracy, double Int8Accuracy, double FloatMacroF1, double Int8MacroF1);

    private static void Run(TrainOptions o, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        if (o.Epochs < 1)
        {
            throw new ArgumentException($"--epochs must be at least 1, got {o.Epochs}.");
        }

        if (o.FineTune is not null && o.Base is null)
        {
            throw new ArgumentException("--fine-tune only applies with --base.");
        }

        if (o.Base is not null && o.LoadFloat is not null)
        {
            throw new ArgumentException("--base and --load-float exclude each other: --load-float exports a model already trained.");
        }

        if (o.Distill is not null && o.Teachers.Count == 0)
        {
            throw new ArgumentException("--distill only applies with --teacher.");
        }

        if (o.Teachers.Count > 0 && o.CrossValidate)
        {
            throw new ArgumentException("--teacher excludes --cv: a teacher that saw the held-out fold would leak it into the students; train one student per held-out fold with teachers that did not see it.");
        }

        ILabeledDataset dataset = DataOption.Open(o.Data, log);
        IReadOnlyList<int> folds = o.Folds ?? DatasetSelection.Folds(dataset);
        if (o.ValidationFold is { } vf && !folds.Contains(vf))
        {
            throw new ArgumentException($"--val-fold {vf} is not one of the folds {string.Join(',', folds)}.");
        }

        string[] labels = [.. dataset.Labels];
        if (labels.Length < 2)
        {
            throw new InvalidDataException($"{dataset.Location}: the clips carry {labels.Length} label(s) ({string.Join(", ", labels)}); training needs at least two"
                + (dataset is ClipFolderLayout ? $" (false alarms give '{ClipFolderDataset.Background}')" : ""));
        }

        IReadOnlyList<string> labelProblems = ModelLabels.Check(labels);
        if (labelProblems.Count > 0)
        {
            throw new InvalidDataException($"{dataset.Location}: its class names cannot be model labels: {string.Join("; ", labelProblems)}.");
        }
        FrontendConfig frontend = FrontendConfig.Default;
        WindowPlan plan = WindowPlan.Default;
        BaseModel? baseModel = o.Base is { } basePath ? TransferBase.Load(basePath, frontend, plan) : null;
        var architecture = (baseModel?.Model.Architecture ?? new CnnArchitecture { Frames = plan.WindowFrames, Bands = frontend.MelBands }) with { Classes = labels.Length };
        architecture.Validate();
        var recipe = new TrainingRecipe
        {
            Epochs = o.Epochs, Seed = o.Seed, NoiseProbability = o.Noise,
            DistillationWeight = o.DistillationWeight, DistillationTemperature = o.Temperature,
        };
        recipe.Validate();
        BackgroundNoise? background = o.Noise > 0 ? BackgroundNoise.Generate(frontend, 30, o.Seed) : null;
        var workers = new Workers(o.Threads);
        List<LabeledFrames> clips = LoadFrames(dataset, DatasetSelection.InFolds(dataset, new HashSet<int>(folds)), labels, frontend, o.Threads, log);
        var trainFolds = folds.Where(f => f != o.ValidationFold).ToList();
        if (trainFolds.Count == 0)
        {
            throw new ArgumentException("No fold left to train on after removing --val-fold.");
        }

        log.WriteLine($"train: {clips.Count} clips, {architecture.Classes} classes; training folds {string.Join(',', trainFolds)}"
            + (o.ValidationFold is { } v ? $", validation fold {v}" : "") + $"; {o.Epochs} epochs on {o.Threads} core(s)");
        log.WriteLine($"model: {architecture.Channels.Count} conv blocks [{string.Join(", ", architecture.Channels)}], "
            + $"{CnnModel.Create(architecture, 0).Network.ParameterCount} parameters, {2.0 * architecture.MultiplyAccumulates() / 1e6:F1} MFLOP per window");

        if (baseModel is not null)
        {
            log.WriteLine($"transfer: from {o.Base} (sha256 {baseModel.Sha256}, {baseModel.Model.Architecture.Classes} classes), "
                + (o.FineTuneAll ? "fine-tuning every layer" : "training the new head on frozen layers"));
            if (o.FineTuneAll && baseModel.BatchNormFolded)
            {
                List<LabeledFrames> estimation = clips.Where(c => trainFolds.Contains(c.Fold)).ToList();
                BatchNormEstimator.Estimate(baseModel.Model, CalibrationInput(estimation, plan, architecture, recipe.Seed, out int count), count, workers);
            }
        }

        TransferStart? Start() => baseModel is null ? null : new TransferStart(CnnModel.WithNewHead(baseModel.Model, labels.Length, recipe.Seed), !o.FineTuneAll);
        var results = new List<FoldResult>();
        var heldOutTruth = new List<int>();
        var heldOutInt8 = new List<int>();
        if (o.CrossValidate)
        {
            foreach (int fold in folds)
            {
                log.WriteLine($"cv: holding out fold {fold}");
                var train = clips.Where(c => c.Fold != fold && c.Fold != o.ValidationFold).ToList();
                var test = clips.Where(c => c.Fold == fold).ToList();
                CnnModel m = new CnnTrainer(architecture, recipe, plan, workers, background).Train(train, test, r => Progress(r, log), Start());
                QuantizedCnn q = Quantize(m, train, plan, recipe.Seed, workers);
                results.Add(Assess(m, q, test, fold, heldOut: true, plan, workers, heldOutTruth, heldOutInt8, log).Result);
            }
        }

        List<LabeledFrames> training = clips.Where(c => trainFolds.Contains(c.Fold)).ToList();
        List<LabeledFrames> validation = o.ValidationFold is { } held ? clips.Where(c => c.Fold == held).ToList() : [];
        var trainClock = Stopwatch.StartNew();
        TrainingStats stats;
        CnnModel model;
        if (o.LoadFloat is { } checkpoint)
        {
            (model, string note) = CnnCheckpoint.Load(checkpoint);
            stats = JsonSerializer.Deserialize<TrainingStats>(note)
                ?? throw new InvalidDataException($"{checkpoint}: checkpoint note is not training statistics.");
            CheckSameRecipe(checkpoint, stats.Command, o);
            log.WriteLine($"loaded float model from {checkpoint} (trained in {stats.TrainingSeconds / 60:F1} min); training skipped");
        }
        else
        {
            double samplesPerSecond = 0, epochSeconds = 0;
            TeacherTargets? teacherTargets = o.Teachers.Count > 0
                ? TeacherModels.Score(o.Teachers, training, labels, frontend, plan, recipe.DistillationTemperature, o.Threads, log)
                : null;
            model = new CnnTrainer(architecture, recipe, plan, workers, background, teacherTargets).Train(training, validation, r =>
            {
                samplesPerSecond = r.SamplesPerSecond;
                epochSeconds = r.Elapsed.TotalSeconds / r.Epoch;
                Progress(r, log);
            }, Start());
            stats = new TrainingStats(trainClock.Elapsed.TotalSeconds, samplesPerSecond, epochSeconds, o.Command, o.Threads);
        }

        if (o.SaveFloat is { } savePath)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(savePath)) is { } saveDir)
            {
                Directory.CreateDirectory(saveDir);
            }

            CnnCheckpoint.Save(model, savePath, JsonSerializer.Serialize(stats));
            log.WriteLine($"saved float model to {savePath}");
        }

        QuantizedCnn quantized = Quantize(model, training, plan, recipe.Seed, workers);
        log.WriteLine($"quantized: activation scales [{string.Join(", ", quantized.ActivationScales.Select(s => s.ToString("G4", CultureInfo.InvariantCulture)))}]");
        List<LabeledFrames> checkClips = validation;
        ClipPredictions? checkPredictions = null;
        if (validation.Count > 0)
        {
            var assessed = Assess(model, quantized, validation, o.ValidationFold!.Value, heldOut: true, plan, workers, heldOutTruth, heldOutInt8, log);
            results.Add(assessed.Result);
            checkPredictions = assessed.Int8;
        }

        var trainingResults = new List<FoldResult>();
        foreach (int fold in trainFolds)
        {
            List<LabeledFrames> foldClips = training.Where(c => c.Fold == fold).ToList();
            if (foldClips.Count == 0)
            {
                log.WriteLine($"fold {fold}: no clips");
                continue;
            }

            var assessed = Assess(model, quantized, foldClips, fold, heldOut: false, plan, workers, null, null, log);
            trainingResults.Add(assessed.Result);
            if (validation.Count == 0)
            {
                checkClips = foldClips;
                checkPredictions = assessed.Int8;
            }
        }

        ClassificationReport? heldOutReport = heldOutTruth.Count > 0
            ? ClassificationReport.Create([.. heldOutTruth], [.. heldOutInt8], architecture.Classes)
            : null;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new(ModelMetadataKeys.Labels, JsonSerializer.Serialize(labels)),
        };
        if (baseModel is not null)
        {
            metadata.Add(new(ModelMetadataKeys.Base, new JsonObject
            {
                ["file"] = Path.GetFileName(o.Base),
                ["sha256"] = baseModel.Sha256,
                ["fine_tune"] = o.FineTuneAll ? "all" : "head",
            }.ToJsonString()));
        }

        metadata.AddRange(frontend.ToMetadata());
        metadata.Add(new(ModelMetadataKeys.WindowFrames, plan.WindowFrames.ToString(CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.HopFrames, plan.HopFrames.ToString(CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.MaxSilentFraction, plan.MaxSilentFraction.ToString("R", CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.Training, TrainingJson(o, trainFolds, architecture, recipe, model, stats, total.Elapsed.TotalSeconds)));
        metadata.Add(new(ModelMetadataKeys.Metrics, MetricsJson(results, trainingResults, quantized)));

        string outPath = Path.GetFullPath(o.Output);
        if (Path.GetDirectoryName(outPath) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllBytes(outPath, CnnOnnxExporter.Export(quantized, metadata));
        JsonObject agreement = RuntimeAgreement(outPath, checkClips, checkPredictions!, log);
        JsonObject metrics = JsonNode.Parse(MetricsJson(results, trainingResults, quantized))!.AsObject();
        if (heldOutReport is not null)
        {
            var perClass = new JsonObject();
            for (int c = 0; c < labels.Length; c++)
            {
                perClass[labels[c]] = Math.Round(heldOutReport.F1[c], 3);
            }

            metrics["held_out_int8_f1_per_class"] = perClass;
        }

        metrics["onnxruntime_agreement"] = agreement;
        List<JsonObject> checks = [];
        foreach (string checkPath in (o.RecipeCheck ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonObject check = ReadRecipeCheck(checkPath, metadata, log);
            if (checks.Any(c => c["held_out"]!.AsObject().Any(kv => check["held_out"]!.AsObject().ContainsKey(kv.Key))))
            {
                throw new ArgumentException($"--recipe-check: {checkPath} holds out a fold another check model already holds out.");
            }

            checks.Add(check);
        }

        if (checks.Count > 0)
        {
            var quoted = new JsonArray();
            foreach (JsonObject check in checks)
            {
                JsonObject copy = check.DeepClone().AsObject();
                copy.Remove("f1_per_class");
                quoted.Add(copy);
            }

            metrics["recipe_check"] = quoted;
        }

        metadata[^1] = new(ModelMetadataKeys.Metrics, metrics.ToJsonString());
        byte[] bytes = CnnOnnxExporter.Export(quantized, metadata);
        File.WriteAllBytes(outPath, bytes);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string cardPath = Path.ChangeExtension(outPath, ".md");
        File.WriteAllText(cardPath, ModelCard(o, Path.GetFileName(outPath), bytes.Length, sha, labels, dataset.Layout, baseModel?.Sha256, architecture, recipe, plan, model,
            results, trainingResults, heldOutReport, stats, total.Elapsed.TotalSeconds, agreement, checks), new UTF8Encoding(false));
        log.WriteLine($"wrote {outPath} ({bytes.Length} bytes, sha256 {sha}) and {cardPath}; total {total.Elapsed.TotalMinutes:F1} min");
    }

    /// <summary>
    /// The items' frames through the fixed-point frontend, labelled by their index in <paramref name="labels"/>. Each
    /// item whose audio cannot be read is listed on <paramref name="log"/> and left out.
    /// </summary>
    private static List<LabeledFrames> LoadFrames(ILabeledDataset dataset, IReadOnlyList<DatasetItem> selected, string[] labels, FrontendConfig frontend, int threads, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        DatasetLoadResult audio = DatasetAudio.LoadAll(selected, threads, DataOption.Warnings(log), new ProgressLines(log, selected.Count));
        foreach (DatasetProblem failure in audio.Failures)
        {
            log.WriteLine($"skipped {failure.File}: {failure.Reason}");
        }

        var frames = new LabeledFrames[audio.Loaded.Count];
        Parallel.For(0, frames.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            LoadedItem item = audio.Loaded[i];
            FrameMatrix m = Frontend.ComputeClip(frontend, Pcm.ToInt16(item.Samples));
            frames[i] = new LabeledFrames(item.Item.Name, item.Item.Fold, Array.IndexOf(labels, item.Item.Label), m);
        });

        if (frames.Length == 0)
        {
            throw new InvalidDataException($"{dataset.Location}: none of the {selected.Count} selected clips could be read");
        }

        log.WriteLine($"frames: {frames.Length} clips through the fixed-point frontend in {clock.Elapsed.TotalSeconds:F1} s"
            + (audio.Failures.Count > 0 ? $" ({audio.Failures.Count} skipped)" : ""));
        return [.. frames];
    }

    /// <summary>Writes "frames: N/M clips" every 200 clips.</summary>
    private sealed class ProgressLines(TextWriter log, int total) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value % 200 == 0 || value == total)
            {
                lock (log)
                {
                    log.WriteLine($"frames: {value}/{total} clips read");
                }
            }
        }
    }

    /// <summary>Calibration: <see cref="CalibrationWindows"/> mostly-sound crops of training clips, no augmentation.</summary>
    private static QuantizedCnn Quantize(CnnModel model, IReadOnlyList<LabeledFrames> training, WindowPlan plan, int seed, Workers workers) =>
        QuantizedCnn.Quantize(model, CalibrationInput(training, plan, model.Architecture, seed, out int count), count, workers);

    /// <summary>Up to <see cref="CalibrationWindows"/> random mostly-sound crops of the clips (4 per clip at most), no augmentation, as float input.</summary>
    private static float[] CalibrationInput(IReadOnlyList<LabeledFrames> training, WindowPlan plan, CnnArchitecture arch, int seed, out int count)
    {
        var sampler = new WindowSampler(training, plan, arch.Bands);
        var random = new Random(seed + 17);
        count = Math.Min(CalibrationWindows, Math.Max(training.Count, 1) * 4);
        int size = arch.InputShape.Size;
        var input = new float[count * size];
        var window = new sbyte[size];
        for (int i = 0; i < count; i++)
        {
            sampler.Crop(random.Next(training.Count), random, 0, window);
            WindowSampler.ToFloat(window, arch.InputScale, input.AsSpan(i * size, size));
        }

        return input;
    }

    private static (FoldResult Result, ClipPredictions Int8) Assess(CnnModel model, QuantizedCnn quantized, List<LabeledFrames> clips, int fold, bool heldOut, WindowPlan plan,
        Workers workers, List<int>? truth, List<int>? int8Predictions, TextWriter log)
    {
        ClipPredictions f = ClipEvaluator.Evaluate(model, clips, plan, workers);
        ClipPredictions q = ClipEvaluator.Evaluate(quantized, clips, plan, workers);
        int disagree = 0;
        for (int i = 0; i < clips.Count; i++)
        {
            disagree += f.Predicted[i] != q.Predicted[i] ? 1 : 0;
        }

        truth?.AddRange(q.Truth);
        int8Predictions?.AddRange(q.Predicted);
        int classes = model.Architecture.Classes;
        var result = new FoldResult(fold, heldOut, clips.Count, f.Accuracy, q.Accuracy,
            ClassificationReport.Create(f.Truth, f.Predicted, classes).MacroF1, ClassificationReport.Create(q.Truth, q.Predicted, classes).MacroF1);
        log.WriteLine($"fold {fold} ({(heldOut ? "held out" : "training")}, {clips.Count} clips, {f.Windows} windows): "
            + $"float {100 * f.Accuracy:F2}%, int8 {100 * q.Accuracy:F2}% ({disagree} clips change class)");
        return (result, q);
    }

    /// <summary>
    /// Loads the exported file in ONNX Runtime (the inference library the device uses) and compares its clip decision
    /// with the int8 simulation's on <paramref name="clips"/>.
    /// </summary>
    private static JsonObject RuntimeAgreement(string modelPath, List<LabeledFrames> clips, ClipPredictions simulated, TextWriter log)
    {
        try
        {
            using SoundClassifier classifier = SoundClassifier.Load(modelPath);
            int same = 0;
            double maxDifference = 0;
            var changed = new JsonArray();
            for (int i = 0; i < clips.Count; i++)
            {
                float[] scores = ClipClassifier.Classify(classifier, clips[i].Frames);
                int predicted = ClipEvaluator.ArgMax(scores);
                if (predicted == simulated.Predicted[i])
                {
                    same++;
                }
                else
                {
                    changed.Add(clips[i].Name);
                }

                for (int c = 0; c < scores.Length; c++)
                {
                    maxDifference = Math.Max(maxDifference, Math.Abs(scores[c] - simulated.Scores[i][c]));
                }
            }

            log.WriteLine($"onnxruntime: same class as the int8 simulation on {same}/{clips.Count} clips of fold {clips[0].Fold}, max score difference {maxDifference:G3}");
            return new JsonObject
            {
                ["checked"] = true,
                ["fold"] = clips[0].Fold,
                ["clips"] = clips.Count,
                ["same_class"] = same,
                ["max_score_difference"] = Math.Round(maxDifference, 6),
                ["different_class_clips"] = changed,
            };
        }
        catch (Exception e) when (e is ModelLoadException or DllNotFoundException or EntryPointNotFoundException or OnnxRuntimeException)
        {
            log.WriteLine($"onnxruntime: check skipped: {e.Message}");
            return new JsonObject { ["checked"] = false, ["reason"] = e.Message };
        }
    }

    /// <summary>
    /// The metadata and card describe the recipe of this invocation, so a loaded float model must have been trained
    /// with the same --epochs and --seed (read back from the training command saved in the checkpoint).
    /// </summary>
    private static void CheckSameRecipe(string checkpoint, string trainingCommand, TrainOptions o)
    {
        string[] tokens = trainingCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string Value(string option, int fallback)
        {
            int i = Array.IndexOf(tokens, option);
            return i >= 0 && i + 1 < tokens.Length ? tokens[i + 1] : fallback.ToString(CultureInfo.InvariantCulture);
        }

        var defaults = new TrainingRecipe();
        string epochs = Value("--epochs", defaults.Epochs), seed = Value("--seed", defaults.Seed);
        int at = Array.IndexOf(tokens, "--noise");
        double noise = at >= 0 && at + 1 < tokens.Length ? double.Parse(tokens[at + 1], CultureInfo.InvariantCulture) : defaults.NoiseProbability;
        if (epochs != o.Epochs.ToString(CultureInfo.InvariantCulture) || seed != o.Seed.ToString(CultureInfo.InvariantCulture) || noise != o.Noise)
        {
            throw new ArgumentException($"{checkpoint}: trained with --epochs {epochs} --seed {seed} --noise {noise}; pass the same values to export it (got --epochs {o.Epochs} --seed {o.Seed} --noise {o.Noise}).");
        }

        int teacherAt = Array.IndexOf(tokens, "--teacher");
        int teachers = teacherAt >= 0 && teacherAt + 1 < tokens.Length ? tokens[teacherAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries).Length : 0;
        if (teachers != o.Teachers.Count)
        {
            throw new ArgumentException($"{checkpoint}: trained with {teachers} --teacher model(s); pass the same teachers (and --distill, --temperature) to export it (got {o.Teachers.Count}).");
        }
    }

    /// <summary>
    /// Reads the held-out metrics of a model trained with the same recipe and a validation fold. Refuses a model whose
    /// recipe, architecture or epochs differ from this run's (then its figure would not describe this model).
    /// </summary>
    private static JsonObject ReadRecipeCheck(string path, List<KeyValuePair<string, string>> metadata, TextWriter log)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ModelDigest digest = ModelDigest.Of(bytes);
        if (!digest.Matches)
        {
            throw new InvalidDataException(
                $"{path}: --recipe-check model records SHA-256 {digest.Recorded ?? "(none)"} but its content hashes to {digest.Computed}.");
        }

        var props = EdgeSound.Learning.Onnx.Proto.ModelProto.Parser.ParseFrom(bytes).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        if (!props.TryGetValue(ModelMetadataKeys.Metrics, out string? metricsText) || !props.TryGetValue(ModelMetadataKeys.Training, out string? trainingText))
        {
            throw new InvalidDataException($"{path}: --recipe-check model has no {ModelMetadataKeys.Metrics}/{ModelMetadataKeys.Training} metadata.");
        }

        JsonObject theirs = JsonNode.Parse(trainingText)!.AsObject();
        JsonObject ours = JsonNode.Parse(metadata.Single(kv => kv.Key == ModelMetadataKeys.Training).Value)!.AsObject();
        foreach (string key in new[] { "epochs", "recipe", "architecture", "seed" })
        {
            if (!JsonNode.DeepEquals(theirs[key], ours[key]))
            {
                throw new InvalidDataException($"{path}: --recipe-check model differs in '{key}': {theirs[key]?.ToJsonString()} vs {ours[key]?.ToJsonString()}.");
            }
        }

        JsonObject held = JsonNode.Parse(metricsText)!["held_out"]?.AsObject()
            ?? throw new InvalidDataException($"{path}: --recipe-check model has no held-out metrics.");
        if (held.Count == 0)
        {
            throw new InvalidDataException($"{path}: --recipe-check model was trained without a held-out fold.");
        }

        log.WriteLine($"recipe check: {path} held-out {held.ToJsonString()}");
        return new JsonObject
        {
            ["file"] = Path.GetFileName(path),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ["trained_on"] = theirs["folds"]?.DeepClone(),
            ["held_out"] = held.DeepClone(),
            ["f1_per_class"] = JsonNode.Parse(metricsText)!["held_out_int8_f1_per_class"]?.DeepClone(),
        };
    }

    private static void Progress(EpochReport r, TextWriter log)
    {
        string val = r.ValidationAccuracy is { } v ? $" val {100 * v:F1}%" : "";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{r.Epochs} loss {r.Loss:F4} train {100 * r.TrainAccuracy:F1}%{val} lr {r.LearningRate:E2} "
            + $"{r.SamplesPerSecond:F0} samples/s elapsed {r.Elapsed:hh\\:mm\\:ss} left {r.Remaining:hh\\:mm\\:ss}"));
    }

    private static string TrainingJson(TrainOptions o, List<int> trainFolds, CnnArchitecture a, TrainingRecipe r, CnnModel model,
        TrainingStats stats, double totalSeconds)
    {
        var json = new JsonObject
        {
            ["folds"] = new JsonArray([.. trainFolds.Select(f => (JsonNode)f)]),
            ["validation_fold"] = o.ValidationFold,
            ["cross_validation"] = o.CrossValidate,
            ["epochs"] = r.Epochs,
            ["command"] = stats.Command,
            ["export_command"] = o.Command,
            ["seconds"] = Math.Round(stats.TrainingSeconds, 1),
            ["command_seconds"] = Math.Round(totalSeconds, 1),
            ["samples_per_second"] = Math.Round(stats.SamplesPerSecond, 1),
            ["epoch_seconds"] = Math.Round(stats.EpochSeconds, 2),
            ["threads"] = stats.Threads,
            ["seed"] = r.Seed,
            ["parameters"] = model.Network.ParameterCount,
            ["architecture"] = new JsonObject
            {
                ["channels"] = new JsonArray([.. a.Channels.Select(c => (JsonNode)c)]),
                ["pool"] = new JsonArray([.. a.Pool.Select(p => (JsonNode)p)]),
                ["dropout"] = a.DropoutRate,
                ["input_scale"] = a.InputScale,
            },
            ["recipe"] = new JsonObject
            {
                ["batch_size"] = r.BatchSize,
                ["crops_per_clip"] = r.CropsPerClip,
                ["optimizer"] = "AdamW",
                ["max_learning_rate"] = r.MaxLearningRate,
                ["schedule"] = $"one-cycle (warm-up {r.WarmupFraction:P0}, cosine)",
                ["weight_decay"] = r.WeightDecay,
                ["gain_db"] = r.MaxGainDb,
                ["time_masks"] = $"{r.TimeMasks} x <= {r.MaxTimeMask} frames",
                ["frequency_masks"] = $"{r.FrequencyMasks} x <= {r.MaxFrequencyMask} bands",
                ["mixup"] = $"p={r.MixupProbability}, Beta({r.MixupAlpha},{r.MixupAlpha})",
                ["background_noise"] = $"p={r.NoiseProbability}, {r.MinNoiseSnrDb}-{r.MaxNoiseSnrDb} dB below the crop's peak",
            },
        };
        if (o.Teachers.Count > 0)
        {
            json["distillation"] = new JsonObject
            {
                ["teachers"] = new JsonArray([.. TeacherModels.Describe(o.Teachers).Select(t => (JsonNode)new JsonObject { ["file"] = t.File, ["sha256"] = t.Sha256 })]),
                ["weight"] = r.DistillationWeight,
                ["temperature"] = r.DistillationTemperature,
                ["hop_frames"] = TeacherModels.HopFrames,
            };
        }

        return json.ToJsonString();
    }

    private static string MetricsJson(List<FoldResult> heldOut, List<FoldResult> training, QuantizedCnn quantized)
    {
        static JsonObject Fold(FoldResult f) => new()
        {
            ["clips"] = f.Clips,
            ["float_accuracy"] = Math.Round(f.FloatAccuracy, 4),
            ["int8_accuracy"] = Math.Round(f.Int8Accuracy, 4),
            ["float_macro_f1"] = Math.Round(f.FloatMacroF1, 4),
            ["int8_macro_f1"] = Math.Round(f.Int8MacroF1, 4),
        };

        var held = new JsonObject();
        foreach (FoldResult f in heldOut)
        {
            held[f.Fold.ToString(CultureInfo.InvariantCulture)] = Fold(f);
        }

        var train = new JsonObject();
        foreach (FoldResult f in training)
        {
            train[f.Fold.ToString(CultureInfo.InvariantCulture)] = Fold(f);
        }

        var json = new JsonObject
        {
            ["held_out"] = held,
            ["training_folds"] = train,
            ["int8_parameter_bytes"] = quantized.ParameterBytes,
        };
        if (heldOut.Count > 0)
        {
            json["held_out_float_accuracy"] = Math.Round(Weighted(heldOut, f => f.FloatAccuracy), 4);
            json["held_out_int8_accuracy"] = Math.Round(Weighted(heldOut, f => f.Int8Accuracy), 4);
        }

        return json.ToJsonString();
    }

    private static double Weighted(List<FoldResult> folds, Func<FoldResult, double> value)
    {
        double sum = 0;
        int clips = 0;
        foreach (FoldResult f in folds)
        {
            sum += value(f) * f.Clips;
            clips += f.Clips;
        }

        return clips == 0 ? 0 : sum / clips;
    }

    private static string ModelCard(TrainOptions o, string fileName, int size, string sha, string[] labels, string layout, string? baseSha, CnnArchitecture a, TrainingRecipe r,
        WindowPlan plan, CnnModel model, List<FoldResult> heldOut, List<FoldResult> training, ClassificationReport? heldOutReport,
        TrainingStats stats, double totalSeconds, JsonObject agreement, List<JsonObject> checks)
    {
        var s = new StringBuilder();
        CultureInfo ci = CultureInfo.InvariantCulture;
        s.AppendLine(ci, $"# {fileName}");
        s.AppendLine();
        s.AppendLine(ci, $"EdgeSound's compact CNN for {labels.Length} classes ({string.Join(", ", labels)}; data read as {layout}), int8 (ONNX QDQ, opset 13). It reads windows of the device's own");
        s.AppendLine("fixed-point frontend (int8 log-mel) and returns softmax scores; a clip's class is the mean of the scores of its");
        s.AppendLine("windows that are not mostly digital silence (`EdgeSound.Dsp.Decision.ClipDecision`).");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        s.AppendLine(ci, $"| File size | {SealCommand.FileSize(size)} |");
        s.AppendLine(ci, $"| SHA-256 | `{sha}` |");
        s.AppendLine(ci, $"| Parameters | {model.Network.ParameterCount} (float, batch norm included; folded away at export) |");
        s.AppendLine(ci, $"| Input | `frames` int8 [N, 1, {a.Frames}, {a.Bands}] ({a.Frames} frames x {a.Bands} mel bands, about {a.Frames * 0.016:F2} s), scale {a.InputScale} |");
        s.AppendLine(ci, $"| Output | `scores` float [N, {a.Classes}] softmax probabilities |");
        s.AppendLine(ci, $"| Clip decision | windows of {plan.WindowFrames} frames every {plan.HopFrames} frames, skip windows with more than {plan.MaxSilentFraction:P0} silent frames |");
        s.AppendLine(ci, $"| Forward cost | {2.0 * a.MultiplyAccumulates() / 1e6:F1} MFLOP per window |");
        s.AppendLine(ci, $"| Trained on folds | {string.Join(", ", training.Select(t => t.Fold))} |");
        s.AppendLine(ci, $"| Training time | {stats.TrainingSeconds / 60:F1} min ({stats.SamplesPerSecond:F0} samples/s, {stats.EpochSeconds:F1} s per epoch, {stats.Threads} core(s) of a shared 2-core machine); export command {totalSeconds / 60:F1} min |");
        s.AppendLine();
        s.AppendLine("## Accuracy (clip level, through the clip decision)");
        s.AppendLine();
        if (heldOut.Count > 0)
        {
            s.AppendLine("Held-out folds (the model, or its cross-validation twin, never saw these clips):");
            s.AppendLine();
            s.AppendLine("| Fold | Clips | Float accuracy | Int8 accuracy | Float macro-F1 | Int8 macro-F1 |");
            s.AppendLine("|---|---|---|---|---|---|");
            foreach (FoldResult f in heldOut)
            {
                s.AppendLine(ci, $"| {f.Fold} | {f.Clips} | {100 * f.FloatAccuracy:F2}% | {100 * f.Int8Accuracy:F2}% | {f.FloatMacroF1:F3} | {f.Int8MacroF1:F3} |");
            }

            s.AppendLine(ci, $"| overall | {heldOut.Sum(f => f.Clips)} | {100 * Weighted(heldOut, f => f.FloatAccuracy):F2}% | {100 * Weighted(heldOut, f => f.Int8Accuracy):F2}% | | |");
            s.AppendLine();
        }
        else if (checks.Count > 0)
        {
            s.AppendLine("This file was trained on all its folds, so it has no held-out fold of its own. The same recipe (same architecture,");
            s.AppendLine("augmentation, epochs and seed), trained without one fold and judged on that fold, scored:");
            s.AppendLine();
            s.AppendLine("| Held-out fold | Trained on | Clips | Float accuracy | Int8 accuracy | Float macro-F1 | Int8 macro-F1 | Model (SHA-256) |");
            s.AppendLine("|---|---|---|---|---|---|---|---|");
            double floatSum = 0, int8Sum = 0;
            int clipSum = 0;
            foreach (JsonObject check in checks)
            {
                foreach ((string fold, JsonNode? f) in check["held_out"]!.AsObject())
                {
                    int clips = f!["clips"]!.GetValue<int>();
                    double fa = f["float_accuracy"]!.GetValue<double>(), qa = f["int8_accuracy"]!.GetValue<double>();
                    floatSum += fa * clips;
                    int8Sum += qa * clips;
                    clipSum += clips;
                    s.AppendLine(ci, $"| {fold} | {string.Join(",", check["trained_on"]!.AsArray().Select(n => n!.ToJsonString()))} | {clips} | {100 * fa:F2}% | {100 * qa:F2}% | {f["float_macro_f1"]!.GetValue<double>():F3} | {f["int8_macro_f1"]!.GetValue<double>():F3} | `{check["file"]}` (`{check["sha256"]!.GetValue<string>()[..16]}…`) |");
                }
            }

            s.AppendLine(ci, $"| overall | | {clipSum} | {100 * floatSum / clipSum:F2}% | {100 * int8Sum / clipSum:F2}% | | | |");
            s.AppendLine();
        }
        else
        {
            s.AppendLine("No fold was held out in this run (no `--val-fold`, no `--cv`, no `--recipe-check`), so there is no held-out accuracy for this file.");
            s.AppendLine();
        }

        s.AppendLine("Training folds (data the model was fitted to; shows fit and the int8 cost, not generalisation):");
        s.AppendLine();
        s.AppendLine("| Fold | Clips | Float accuracy | Int8 accuracy |");
        s.AppendLine("|---|---|---|---|");
        foreach (FoldResult f in training)
        {
            s.AppendLine(ci, $"| {f.Fold} | {f.Clips} | {100 * f.FloatAccuracy:F2}% | {100 * f.Int8Accuracy:F2}% |");
        }

        s.AppendLine(ci, $"| overall | {training.Sum(f => f.Clips)} | {100 * Weighted(training, f => f.FloatAccuracy):F2}% | {100 * Weighted(training, f => f.Int8Accuracy):F2}% |");
        s.AppendLine();
        s.AppendLine(agreement["checked"]?.GetValue<bool>() == true
            ? string.Create(ci, $"ONNX Runtime, running this file through the device's clip decision, gives the same class as the trainer's int8 simulation on {agreement["same_class"]} of {agreement["clips"]} fold-{agreement["fold"]} clips (largest difference in a clip's averaged score {agreement["max_score_difference"]}).")
            : $"ONNX Runtime check not run: {agreement["reason"]}");
        s.AppendLine();
        if (heldOutReport is not null)
        {
            s.AppendLine("## Per-class F1 (int8, held-out folds)");
            s.AppendLine();
            s.AppendLine("| Class | Precision | Recall | F1 | Support |");
            s.AppendLine("|---|---|---|---|---|");
            for (int c = 0; c < labels.Length; c++)
            {
                s.AppendLine(ci, $"| {labels[c]} | {heldOutReport.Precision[c]:F3} | {heldOutReport.Recall[c]:F3} | {heldOutReport.F1[c]:F3} | {heldOutReport.Support[c]} |");
            }

            s.AppendLine();
        }
        else if (checks.Count > 0 && checks.All(c => c["f1_per_class"] is JsonObject))
        {
            string[] folds = [.. checks.Select(c => string.Join(",", c["held_out"]!.AsObject().Select(kv => kv.Key)))];
            s.AppendLine("## Per-class F1 (int8, held-out folds of the recipe checks)");
            s.AppendLine();
            s.AppendLine("| Class | " + string.Join(" | ", folds.Select(f => $"Fold {f}")) + " | Mean |");
            s.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", folds.Length + 1)));
            foreach (string label in labels)
            {
                double[] f1 = [.. checks.Select(c => c["f1_per_class"]![label]!.GetValue<double>())];
                s.AppendLine(ci, $"| {label} | {string.Join(" | ", f1.Select(v => v.ToString("F3", ci)))} | {f1.Average():F3} |");
            }

            s.AppendLine();
        }

        s.AppendLine("## How it was trained");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine(stats.Command);
        s.AppendLine("```");
        if (stats.Command != o.Command)
        {
            s.AppendLine();
            s.AppendLine("Quantized and exported from the saved float model with:");
            s.AppendLine();
            s.AppendLine("```");
            s.AppendLine(o.Command);
            s.AppendLine("```");
        }
        s.AppendLine();
        if (baseSha is not null)
        {
            s.AppendLine(ci, $"- Transfer learning: started from `{Path.GetFileName(o.Base)}` (SHA-256 `{baseSha}`), its layers {(o.FineTuneAll ? "fine-tuned" : "frozen")} under a new head for these labels.");
        }

        s.AppendLine(ci, $"- Architecture: {a.Channels.Count} blocks of conv 3x3 + batch norm + ReLU (channels {string.Join(", ", a.Channels)}; 2x2 max pool after blocks {string.Join(", ", a.Pool.Select((p, i) => (p, i)).Where(t => t.p).Select(t => t.i + 1))}), global average pool, dropout {a.DropoutRate}, dense {a.Channels[^1]} -> {a.Classes}.");
        s.AppendLine(ci, $"- Optimisation: AdamW, one-cycle learning rate (max {r.MaxLearningRate}, {r.WarmupFraction:P0} warm-up, cosine decay), weight decay {r.WeightDecay}, batch {r.BatchSize}, {r.Epochs} epochs of {r.CropsPerClip} random crop(s) per clip, seed {r.Seed}.");
        if (o.Teachers.Count > 0)
        {
            string teachers = string.Join(", ", TeacherModels.Describe(o.Teachers).Select(t => $"`{t.File}` (`{t.Sha256[..16]}…`)"));
            s.AppendLine(ci, $"- Knowledge distillation: target = {1 - r.DistillationWeight:0.##} x label (mixup pair) + {r.DistillationWeight:0.##} x the mean probabilities of {o.Teachers.Count} teacher(s) softened at T = {r.DistillationTemperature} (each crop takes the teachers' scores of the window starting nearest to it, scored every {TeacherModels.HopFrames} frames by ONNX Runtime): {teachers}.");
        }

        s.AppendLine(ci, $"- Augmentation (training only): random {a.Frames}-frame crops that are mostly sound, random gain ±{r.MaxGainDb} dB as an int8 offset, {r.TimeMasks} time masks <= {r.MaxTimeMask} frames and {r.FrequencyMasks} frequency masks <= {r.MaxFrequencyMask} bands, mixup with a clip of another class (p = {r.MixupProbability}, Beta({r.MixupAlpha}, {r.MixupAlpha})).");
        s.AppendLine(ci, $"- Quantization: batch norm folded into the convolutions; int8 weights per output channel (symmetric), int32 biases; uint8 activations per tensor calibrated (max) on {CalibrationWindows} training crops. The trainer's int8 simulation mirrors the QDQ graph.");
        s.AppendLine("- Frontend: the fixed-point frontend of `EdgeSound.Dsp.Frontend` with its default configuration (stored in the model's `frontend.*` metadata).");
        return s.ToString();
    }

    private static IReadOnlyList<int> ParseFolds(string text)
    {
        var folds = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int f) || f < 1)
            {
                throw new ArgumentException($"--folds: '{part}' is not a fold number.");
            }

            if (!folds.Contains(f))
            {
                folds.Add(f);
            }
        }

        if (folds.Count == 0)
        {
            throw new ArgumentException("--folds: no folds given.");
        }

        return folds;
    }

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;
}
