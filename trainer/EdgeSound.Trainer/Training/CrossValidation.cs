using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary><c>train --cv</c>: leave-one-fold-out over the run's folds before the final model is trained on all of them.</summary>
internal static class CrossValidation
{
    /// <summary>
    /// For each fold: trains on the others (never on the --val-fold), quantizes, and judges both models on the fold
    /// held out, adding it to <paramref name="heldOut"/>.
    /// </summary>
    public static void Run(TrainOptions o, TrainingSetup s, HeldOutFolds heldOut, TextWriter log)
    {
        foreach (int fold in s.Folds)
        {
            log.WriteLine($"cv: holding out fold {fold}");
            var train = s.Clips.Where(c => c.Fold != fold && c.Fold != o.ValidationFold).ToList();
            var test = s.Clips.Where(c => c.Fold == fold).ToList();
            CnnModel m = FloatTraining.Train(o, s, train, test, log);
            QuantizedCnn q = Int8Calibration.Quantize(m, train, s.Plan, s.Recipe.Seed, s.Workers);
            FoldAssessment.Assess(m, q, test, fold, heldOut, s.Plan, s.Workers, log);
        }
    }
}
