namespace EdgeSound.Trainer.Training;

/// <summary>Clip-level accuracy and macro-F1 (0..1) of the float model and its int8 simulation on one fold's clips.</summary>
internal sealed record FoldResult(int Fold, int Clips, double FloatAccuracy, double Int8Accuracy, double FloatMacroF1, double Int8MacroF1)
{
    /// <summary>The mean of <paramref name="value"/> over <paramref name="folds"/> weighted by their clips; 0 without clips.</summary>
    public static double Weighted(IReadOnlyList<FoldResult> folds, Func<FoldResult, double> value)
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
}
