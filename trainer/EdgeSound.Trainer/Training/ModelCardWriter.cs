using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSound.Learning.Data;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Neural;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// The model card (Markdown, FILE.md beside the model): what the file is, its size and SHA-256, clip-level accuracy
/// (held-out folds, or the recipe checks), training-fold fit, the ONNX Runtime agreement, per-class F1 and how it was
/// trained.
/// </summary>
internal static class ModelCardWriter
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>The card's text for the exported file <paramref name="fileName"/> of <paramref name="size"/> bytes.</summary>
    public static string Write(TrainOptions o, TrainingSetup setup, string fileName, int size, string sha, CnnModel model, List<FoldResult> heldOut,
        List<FoldResult> training, ClassificationReport? heldOutReport, TrainingStats stats, double totalSeconds, JsonObject agreement, List<JsonObject> checks)
    {
        var s = new StringBuilder();
        Summary(s, setup, fileName, size, sha, model, training, stats, totalSeconds);
        s.AppendLine("## Accuracy (clip level, through the clip decision)");
        s.AppendLine();
        if (heldOut.Count > 0)
        {
            HeldOut(s, heldOut);
        }
        else if (checks.Count > 0)
        {
            RecipeCheckAccuracy(s, checks);
        }
        else
        {
            s.AppendLine("No fold was held out in this run (no `--val-fold`, no `--cv`, no `--recipe-check`), so there is no held-out accuracy for this file.");
            s.AppendLine();
        }

        TrainingFolds(s, training);
        s.AppendLine(agreement["checked"]?.GetValue<bool>() == true
            ? string.Create(Ci, $"ONNX Runtime, running this file through the device's clip decision, gives the same class as the trainer's int8 simulation on {agreement["same_class"]} of {agreement["clips"]} fold-{agreement["fold"]} clips (largest difference in a clip's averaged score {agreement["max_score_difference"]}).")
            : $"ONNX Runtime check not run: {agreement["reason"]}");
        s.AppendLine();
        if (heldOutReport is not null)
        {
            HeldOutPerClass(s, setup.Labels, heldOutReport);
        }
        else if (checks.Count > 0 && checks.All(c => c["f1_per_class"] is JsonObject))
        {
            RecipeCheckPerClass(s, setup.Labels, checks);
        }

        HowTrained(s, o, setup, stats);
        return s.ToString();
    }

    private static void Summary(StringBuilder s, TrainingSetup setup, string fileName, int size, string sha, CnnModel model, List<FoldResult> training,
        TrainingStats stats, double totalSeconds)
    {
        CnnArchitecture a = setup.Architecture;
        string[] labels = setup.Labels;
        s.AppendLine(Ci, $"# {fileName}");
        s.AppendLine();
        s.AppendLine(Ci, $"EdgeSound's compact CNN for {labels.Length} classes ({string.Join(", ", labels)}; data read as {setup.Dataset.Layout}), int8 (ONNX QDQ, opset 13). It reads windows of the device's own");
        s.AppendLine("fixed-point frontend (int8 log-mel) and returns softmax scores; a clip's class is the mean of the scores of its");
        s.AppendLine("windows that are not mostly digital silence, louder windows weighing more (`EdgeSound.Dsp.Decision.ClipDecision`).");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        s.AppendLine(Ci, $"| File size | {SealCommand.FileSize(size)} |");
        s.AppendLine(Ci, $"| SHA-256 | `{sha}` |");
        s.AppendLine(Ci, $"| Parameters | {model.Network.ParameterCount} (float, batch norm included; folded away at export) |");
        s.AppendLine(Ci, $"| Input | `frames` int8 [N, 1, {a.Frames}, {a.Bands}] ({a.Frames} frames x {a.Bands} mel bands, about {a.Frames * 0.016:F2} s), scale {a.InputScale} |");
        s.AppendLine(Ci, $"| Output | `scores` float [N, {a.Classes}] softmax probabilities |");
        s.AppendLine(Ci, $"| Clip decision | windows of {setup.Plan.WindowFrames} frames every {setup.Plan.HopFrames} frames, skip windows with more than {setup.Plan.MaxSilentFraction:P0} silent frames, window scores weighted by (mel energy / loudest window's)^{setup.Plan.LevelWeightExponent} |");
        s.AppendLine(Ci, $"| Forward cost | {2.0 * a.MultiplyAccumulates() / 1e6:F1} MFLOP per window |");
        s.AppendLine(Ci, $"| Trained on folds | {string.Join(", ", training.Select(t => t.Fold))} |");
        s.AppendLine(Ci, $"| Training time | {stats.TrainingSeconds / 60:F1} min ({stats.SamplesPerSecond:F0} samples/s, {stats.EpochSeconds:F1} s per epoch, {stats.Threads} core(s) of a shared 2-core machine); export command {totalSeconds / 60:F1} min |");
        s.AppendLine();
    }

    private static void HeldOut(StringBuilder s, List<FoldResult> heldOut)
    {
        s.AppendLine("Held-out folds (the model, or its cross-validation twin, never saw these clips):");
        s.AppendLine();
        s.AppendLine("| Fold | Clips | Float accuracy | Int8 accuracy | Float macro-F1 | Int8 macro-F1 |");
        s.AppendLine("|---|---|---|---|---|---|");
        foreach (FoldResult f in heldOut)
        {
            s.AppendLine(Ci, $"| {f.Fold} | {f.Clips} | {100 * f.FloatAccuracy:F2}% | {100 * f.Int8Accuracy:F2}% | {f.FloatMacroF1:F3} | {f.Int8MacroF1:F3} |");
        }

        s.AppendLine(Ci, $"| overall | {heldOut.Sum(f => f.Clips)} | {100 * FoldResult.Weighted(heldOut, f => f.FloatAccuracy):F2}% | {100 * FoldResult.Weighted(heldOut, f => f.Int8Accuracy):F2}% | | |");
        s.AppendLine();
    }

    private static void RecipeCheckAccuracy(StringBuilder s, List<JsonObject> checks)
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
                s.AppendLine(Ci, $"| {fold} | {string.Join(",", check["trained_on"]!.AsArray().Select(n => n!.ToJsonString()))} | {clips} | {100 * fa:F2}% | {100 * qa:F2}% | {f["float_macro_f1"]!.GetValue<double>():F3} | {f["int8_macro_f1"]!.GetValue<double>():F3} | `{check["file"]}` (`{check["sha256"]!.GetValue<string>()[..16]}…`) |");
            }
        }

        s.AppendLine(Ci, $"| overall | | {clipSum} | {100 * floatSum / clipSum:F2}% | {100 * int8Sum / clipSum:F2}% | | | |");
        s.AppendLine();
    }

    private static void TrainingFolds(StringBuilder s, List<FoldResult> training)
    {
        s.AppendLine("Training folds (data the model was fitted to; shows fit and the int8 cost, not generalisation):");
        s.AppendLine();
        s.AppendLine("| Fold | Clips | Float accuracy | Int8 accuracy |");
        s.AppendLine("|---|---|---|---|");
        foreach (FoldResult f in training)
        {
            s.AppendLine(Ci, $"| {f.Fold} | {f.Clips} | {100 * f.FloatAccuracy:F2}% | {100 * f.Int8Accuracy:F2}% |");
        }

        s.AppendLine(Ci, $"| overall | {training.Sum(f => f.Clips)} | {100 * FoldResult.Weighted(training, f => f.FloatAccuracy):F2}% | {100 * FoldResult.Weighted(training, f => f.Int8Accuracy):F2}% |");
        s.AppendLine();
    }

    private static void HeldOutPerClass(StringBuilder s, string[] labels, ClassificationReport report)
    {
        s.AppendLine("## Per-class F1 (int8, held-out folds)");
        s.AppendLine();
        s.AppendLine("| Class | Precision | Recall | F1 | Support |");
        s.AppendLine("|---|---|---|---|---|");
        for (int c = 0; c < labels.Length; c++)
        {
            s.AppendLine(Ci, $"| {labels[c]} | {report.Precision[c]:F3} | {report.Recall[c]:F3} | {report.F1[c]:F3} | {report.Support[c]} |");
        }

        s.AppendLine();
    }

    private static void RecipeCheckPerClass(StringBuilder s, string[] labels, List<JsonObject> checks)
    {
        string[] folds = [.. checks.Select(c => string.Join(",", c["held_out"]!.AsObject().Select(kv => kv.Key)))];
        s.AppendLine("## Per-class F1 (int8, held-out folds of the recipe checks)");
        s.AppendLine();
        s.AppendLine("| Class | " + string.Join(" | ", folds.Select(f => $"Fold {f}")) + " | Mean |");
        s.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", folds.Length + 1)));
        foreach (string label in labels)
        {
            double[] f1 = [.. checks.Select(c => c["f1_per_class"]![label]!.GetValue<double>())];
            s.AppendLine(Ci, $"| {label} | {string.Join(" | ", f1.Select(v => v.ToString("F3", Ci)))} | {f1.Average():F3} |");
        }

        s.AppendLine();
    }

    private static void HowTrained(StringBuilder s, TrainOptions o, TrainingSetup setup, TrainingStats stats)
    {
        CnnArchitecture a = setup.Architecture;
        TrainingRecipe r = setup.Recipe;
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
        if (setup.BaseModel?.Sha256 is { } baseSha)
        {
            s.AppendLine(Ci, $"- Transfer learning: started from `{Path.GetFileName(o.Base)}` (SHA-256 `{baseSha}`), its layers {(o.FineTuneAll ? "fine-tuned" : "frozen")} under a new head for these labels.");
        }

        string pools = string.Join(", ", a.Pool.Select((p, i) => (p, i)).Where(t => t.p).Select(t => t.i + 1));
        string blocks = a.Separable.Contains(true)
            ? $"{a.Channels.Count} blocks `{a.Blocks}` (a number alone: conv 3x3 + batch norm + ReLU; d: depthwise-separable, depthwise conv 3x3 + batch norm + ReLU then pointwise conv 1x1 + batch norm + ReLU; 2x2 max pool after blocks {pools})"
            : $"{a.Channels.Count} blocks of conv 3x3 + batch norm + ReLU (channels {string.Join(", ", a.Channels)}; 2x2 max pool after blocks {pools})";
        string pooling = a.GlobalPooling == GlobalPooling.AverageMaxOverFrames ? "mean over bands then mean + max over frames" : "global average pool";
        s.AppendLine(Ci, $"- Architecture: {blocks}, {pooling}, dropout {a.DropoutRate}, dense {a.Channels[^1]} -> {a.Classes}.");
        s.AppendLine(Ci, $"- Optimisation: AdamW, one-cycle learning rate (max {r.MaxLearningRate}, {r.WarmupFraction:P0} warm-up, cosine decay), weight decay {r.WeightDecay}, batch {r.BatchSize}, {r.Epochs} epochs of {r.CropsPerClip} random crop(s) per clip, seed {r.Seed}{Averaged(r)}.");
        if (o.Teachers.Count > 0)
        {
            string teachers = string.Join(", ", TeacherModels.Describe(o.Teachers).Select(t => $"`{t.File}` (`{t.Sha256[..16]}…`)"));
            s.AppendLine(Ci, $"- Knowledge distillation: target = {1 - r.DistillationWeight:0.##} x label (mixup pair) + {r.DistillationWeight:0.##} x the mean probabilities of {o.Teachers.Count} teacher(s) softened at T = {r.DistillationTemperature} (each crop takes the teachers' scores of the window starting nearest to it, scored every {TeacherModels.HopFrames} frames by ONNX Runtime): {teachers}.");
        }

        static string Averaged(TrainingRecipe r) => r.WeightAverageDecay > 0
            ? string.Create(Ci, $"; the model is the exponential moving average of the weights (decay {r.WeightAverageDecay} per step), batch norm re-estimated on {r.BatchNormRefreshBatches} batches of training crops")
            : "";

        string noise = r.NoiseProbability > 0
            ? string.Create(Ci, $"white, pink or brown noise (through the frontend) log-added to a crop (p = {r.NoiseProbability}, its loudest cell {r.MinNoiseSnrDb}-{r.MaxNoiseSnrDb} dB below the crop's), ")
            : "";
        string nothing = r.BackgroundCropProbability > 0
            ? string.Create(Ci, $"; with p = {r.BackgroundCropProbability} a sample is steady noise alone ({r.MinBackgroundDbfs} to {r.MaxBackgroundDbfs} dBFS) {(r.BackgroundClass is null ? "with a flat target, so noise is none of the classes" : $"labelled `{ClipFolderDataset.Background}`, so noise is none of the event classes")}")
            : "";
        s.AppendLine(Ci, $"- Augmentation (training only): random {a.Frames}-frame crops that are mostly sound, random gain {(r.SymmetricGain ? $"±{r.MaxGainDb}" : $"{r.MinGainDb} to {r.MaxGainDb:+0.##;-0.##;0}")} dB as an int8 offset, {r.TimeMasks} time masks <= {r.MaxTimeMask} frames and {r.FrequencyMasks} frequency masks <= {r.MaxFrequencyMask} bands, {noise}mixup with a clip of another class (p = {r.MixupProbability}, Beta({r.MixupAlpha}, {r.MixupAlpha})){nothing}.");
        s.AppendLine(Ci, $"- Quantization: batch norm folded into the convolutions; int8 weights per output channel (symmetric), int32 biases; uint8 activations per tensor calibrated (max) on {Int8Calibration.Windows} training crops. The trainer's int8 simulation mirrors the QDQ graph.");
        s.AppendLine("- Frontend: the fixed-point frontend of `EdgeSound.Dsp.Frontend` with its default configuration (stored in the model's `frontend.*` metadata).");
    }
}
