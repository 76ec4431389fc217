using EdgeSound.Dsp.Decision;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary>Judges the float model and its int8 simulation on folds' clips through the clip decision.</summary>
internal static class FoldAssessment
{
    /// <summary>The training folds' results and the fold the ONNX Runtime check compares, with its int8 predictions.</summary>
    public sealed record Final(List<FoldResult> TrainingFolds, List<LabeledFrames> CheckClips, ClipPredictions? CheckPredictions);

    /// <summary>
    /// Judges the final model on the validation fold (added to <paramref name="heldOut"/>) and on each training fold.
    /// The ONNX Runtime check runs on the validation fold, else on the last training fold with clips.
    /// </summary>
    public static Final AssessFinal(CnnModel model, QuantizedCnn quantized, List<LabeledFrames> validation, int? validationFold, List<LabeledFrames> training,
        List<int> trainFolds, HeldOutFolds heldOut, WindowPlan plan, Workers workers, TextWriter log)
    {
        List<LabeledFrames> checkClips = validation;
        ClipPredictions? checkPredictions = null;
        if (validation.Count > 0)
        {
            checkPredictions = Assess(model, quantized, validation, validationFold!.Value, heldOut, plan, workers, log).Int8;
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

            var assessed = Assess(model, quantized, foldClips, fold, null, plan, workers, log);
            trainingResults.Add(assessed.Result);
            if (validation.Count == 0)
            {
                checkClips = foldClips;
                checkPredictions = assessed.Int8;
            }
        }

        return new Final(trainingResults, checkClips, checkPredictions);
    }

    /// <summary>
    /// Both models' clip accuracy and macro-F1 on <paramref name="clips"/> (one line on <paramref name="log"/>) and the
    /// int8 predictions. A held-out fold (<paramref name="heldOut"/> given) is added to it.
    /// </summary>
    public static (FoldResult Result, ClipPredictions Int8) Assess(CnnModel model, QuantizedCnn quantized, List<LabeledFrames> clips, int fold, HeldOutFolds? heldOut,
        WindowPlan plan, Workers workers, TextWriter log)
    {
        ClipPredictions f = ClipEvaluator.Evaluate(model, clips, plan, workers);
        ClipPredictions q = ClipEvaluator.Evaluate(quantized, clips, plan, workers);
        int disagree = 0;
        for (int i = 0; i < clips.Count; i++)
        {
            disagree += f.Predicted[i] != q.Predicted[i] ? 1 : 0;
        }

        int classes = model.Architecture.Classes;
        var result = new FoldResult(fold, clips.Count, f.Accuracy, q.Accuracy,
            ClassificationReport.Create(f.Truth, f.Predicted, classes).MacroF1, ClassificationReport.Create(q.Truth, q.Predicted, classes).MacroF1);
        log.WriteLine($"fold {fold} ({(heldOut is not null ? "held out" : "training")}, {clips.Count} clips, {f.Windows} windows): "
            + $"float {100 * f.Accuracy:F2}%, int8 {100 * q.Accuracy:F2}% ({disagree} clips change class)");
        heldOut?.Add(result, q);
        return (result, q);
    }
}
