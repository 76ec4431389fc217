using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary>The held-out folds' results and their clips' int8 predictions, gathered over cross-validation and the validation fold.</summary>
internal sealed class HeldOutFolds
{
    private readonly List<int> _truth = [];
    private readonly List<int> _int8 = [];

    /// <summary>One result per held-out fold, in the order judged.</summary>
    public List<FoldResult> Results { get; } = [];

    /// <summary>Adds a held-out fold's result and its clips' true and int8-predicted classes.</summary>
    public void Add(FoldResult result, ClipPredictions int8)
    {
        _truth.AddRange(int8.Truth);
        _int8.AddRange(int8.Predicted);
        Results.Add(result);
    }

    /// <summary>Per-class precision, recall and F1 of the int8 predictions over every held-out clip; null when none was held out.</summary>
    public ClassificationReport? Int8Report(int classes) =>
        _truth.Count > 0 ? ClassificationReport.Create([.. _truth], [.. _int8], classes) : null;
}
