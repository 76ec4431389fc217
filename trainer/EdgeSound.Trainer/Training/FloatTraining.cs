using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Trains the float CNN of a run (from scratch, from a transfer base, with distillation teachers) or loads a saved
/// one, and saves it as a checkpoint when asked.
/// </summary>
internal static class FloatTraining
{
    /// <summary>
    /// Logs the transfer base and, when every layer is fine-tuned from a base whose batch norm was folded, estimates its
    /// batch-norm statistics on the training folds' calibration crops. Nothing without <c>--base</c>.
    /// </summary>
    public static void PrepareTransfer(TrainOptions o, TrainingSetup s, TextWriter log)
    {
        if (s.BaseModel is not { } baseModel)
        {
            return;
        }

        log.WriteLine($"transfer: from {o.Base} (sha256 {baseModel.Sha256}, {baseModel.Model.Architecture.Classes} classes), "
            + (o.FineTuneAll ? "fine-tuning every layer" : "training the new head on frozen layers"));
        if (o.FineTuneAll && baseModel.BatchNormFolded)
        {
            List<LabeledFrames> estimation = s.Clips.Where(c => s.TrainFolds.Contains(c.Fold)).ToList();
            BatchNormEstimator.Estimate(baseModel.Model, Int8Calibration.Input(estimation, s.Plan, s.Architecture, s.Recipe.Seed, out int count), count, s.Workers);
        }
    }

    /// <summary>A float model trained on <paramref name="training"/> (progress on <paramref name="log"/>), judged each epoch on <paramref name="validation"/>.</summary>
    public static CnnModel Train(TrainOptions o, TrainingSetup s, List<LabeledFrames> training, List<LabeledFrames> validation, TextWriter log) =>
        new CnnTrainer(s.Architecture, s.Recipe, s.Plan, s.Workers, s.Background).Train(training, validation, r => Progress(r, log), Start(o, s));

    /// <summary>
    /// The final float model: loaded from <c>--load-float</c> (its recipe checked, its training statistics read back) or
    /// trained on <paramref name="training"/> with the teachers' targets when there are teachers.
    /// </summary>
    /// <exception cref="InvalidDataException">the checkpoint's note is not training statistics.</exception>
    /// <exception cref="ArgumentException">the checkpoint was trained with another recipe.</exception>
    public static (CnnModel Model, TrainingStats Stats) TrainOrLoad(TrainOptions o, TrainingSetup s, List<LabeledFrames> training, List<LabeledFrames> validation, TextWriter log)
    {
        var trainClock = Stopwatch.StartNew();
        if (o.LoadFloat is { } checkpoint)
        {
            (CnnModel loaded, string note) = CnnCheckpoint.Load(checkpoint);
            TrainingStats loadedStats = JsonSerializer.Deserialize<TrainingStats>(note)
                ?? throw new InvalidDataException($"{checkpoint}: checkpoint note is not training statistics.");
            RecipeChecks.CheckCheckpoint(checkpoint, loadedStats, loaded.Architecture, o, s.Architecture);
            log.WriteLine($"loaded float model from {checkpoint} (trained in {loadedStats.TrainingSeconds / 60:F1} min); training skipped");
            return (loaded, loadedStats);
        }

        double samplesPerSecond = 0, epochSeconds = 0;
        TeacherTargets? teacherTargets = o.Teachers.Count > 0
            ? TeacherModels.Score(o.Teachers, training, s.Labels, s.Frontend, s.Plan, s.Recipe.DistillationTemperature, o.Threads, log)
            : null;
        CnnModel model = new CnnTrainer(s.Architecture, s.Recipe, s.Plan, s.Workers, s.Background, teacherTargets).Train(training, validation, r =>
        {
            samplesPerSecond = r.SamplesPerSecond;
            epochSeconds = r.Elapsed.TotalSeconds / r.Epoch;
            Progress(r, log);
        }, Start(o, s));
        return (model, new TrainingStats(trainClock.Elapsed.TotalSeconds, samplesPerSecond, epochSeconds, o.Command, o.Threads, RecipeChecks.Recipe(o)));
    }

    /// <summary>Saves <paramref name="model"/> with its statistics as JSON note to <paramref name="path"/> (folder created).</summary>
    public static void Save(CnnModel model, TrainingStats stats, string path, TextWriter log)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } saveDir)
        {
            Directory.CreateDirectory(saveDir);
        }

        CnnCheckpoint.Save(model, path, JsonSerializer.Serialize(stats));
        log.WriteLine($"saved float model to {path}");
    }

    /// <summary>A fresh start from the transfer base (new head for this run's labels), or null to train from scratch.</summary>
    private static TransferStart? Start(TrainOptions o, TrainingSetup s) =>
        s.BaseModel is null ? null : new TransferStart(CnnModel.WithNewHead(s.BaseModel.Model, s.Labels.Length, s.Recipe.Seed), !o.FineTuneAll);

    private static void Progress(EpochReport r, TextWriter log)
    {
        string val = r.ValidationAccuracy is { } v ? $" val {100 * v:F1}%" : "";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{r.Epochs} loss {r.Loss:F4} train {100 * r.TrainAccuracy:F1}%{val} lr {r.LearningRate:E2} "
            + $"{r.SamplesPerSecond:F0} samples/s elapsed {r.Elapsed:hh\\:mm\\:ss} left {r.Remaining:hh\\:mm\\:ss}"));
    }
}
