using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Learning.Neural;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// What a training run works on: the dataset and its folds, the labels, the frontend and window, the transfer base,
/// the architecture and recipe, and every selected clip's frames.
/// </summary>
internal sealed record TrainingSetup(
    ILabeledDataset Dataset, IReadOnlyList<int> Folds, List<int> TrainFolds, string[] Labels, FrontendConfig Frontend, WindowPlan Plan,
    BaseModel? BaseModel, CnnArchitecture Architecture, TrainingRecipe Recipe, BackgroundNoise? Background, Workers Workers, List<LabeledFrames> Clips)
{
    /// <summary>
    /// Loads the base and checks the architecture, opens the data, checks folds and labels, loads the clips' frames, and writes the run's summary
    /// lines on <paramref name="log"/>.
    /// </summary>
    /// <exception cref="ArgumentException">--val-fold is not one of the folds, or no fold is left to train on.</exception>
    /// <exception cref="InvalidDataException">fewer than two labels, labels a model cannot carry, no readable clip, or a
    /// label without a readable clip in the training folds.</exception>
    /// <summary>
    /// For <c>--cv</c>: refuses data where holding out a fold leaves a label without a clip in the other training folds.
    /// That fold's model would never hear the label and still be judged on it.
    /// </summary>
    /// <exception cref="InvalidDataException">naming the first such fold and its labels.</exception>
    private static void CheckEveryFoldLeavesEveryLabel(string[] labels, List<LabeledFrames> clips, List<int> trainFolds)
    {
        foreach (int held in trainFolds)
        {
            string[] unheard = [.. labels.Where((_, label) => !clips.Any(c => c.Label == label && c.Fold != held && trainFolds.Contains(c.Fold)))];
            if (unheard.Length > 0)
            {
                throw new InvalidDataException($"--cv: holding out fold {held} leaves no clip of {string.Join(", ", unheard.Select(l => $"'{l}'"))} to train on "
                    + "(every clip of it is in that fold); leave-one-fold-out needs each class in at least 2 folds");
            }
        }
    }

    public static TrainingSetup Prepare(TrainOptions o, TextWriter log)
    {
        FrontendConfig frontend = FrontendConfig.Default;
        BaseModel? baseModel = o.Base is { } basePath ? TransferBase.Load(basePath, frontend) : null;
        WindowPlan plan = WindowPlan.Default.ForWindow(baseModel?.Model.Architecture.Frames ?? o.Window);
        CnnArchitecture shape = baseModel?.Model.Architecture ?? Fresh(o, plan, frontend);
        ILabeledDataset dataset = DataOption.Open(o.Data, log);
        IReadOnlyList<int> folds = o.Folds ?? DatasetSelection.Folds(dataset);
        if (o.ValidationFold is { } vf && !folds.Contains(vf))
        {
            throw new ArgumentException($"--val-fold {vf} is not one of the folds {string.Join(',', folds)}.");
        }

        string[] labels = CheckedLabels(dataset);
        var architecture = shape with { Classes = labels.Length };
        var recipe = new TrainingRecipe
        {
            Epochs = o.Epochs, Seed = o.Seed, NoiseProbability = o.Noise, BackgroundCropProbability = o.BackgroundCrops, WeightAverageDecay = o.WeightAverage,
            MinGainDb = o.GainDb.Min, MaxGainDb = o.GainDb.Max,
            DistillationWeight = o.DistillationWeight, DistillationTemperature = o.Temperature,
            BackgroundClass = Array.IndexOf(labels, ClipFolderDataset.Background) is int nothing and >= 0 ? nothing : null,
        };
        recipe.Validate();
        BackgroundNoise? background = o.Noise > 0 || o.BackgroundCrops > 0 ? BackgroundNoise.Generate(frontend, 30, o.Seed) : null;
        var workers = new Workers(o.Threads);
        List<LabeledFrames> clips = ClipFrames.Load(dataset, DatasetSelection.InFolds(dataset, new HashSet<int>(folds)), labels, frontend, o.Threads, log);
        var trainFolds = folds.Where(f => f != o.ValidationFold).ToList();
        if (trainFolds.Count == 0)
        {
            throw new ArgumentException("No fold left to train on after removing --val-fold.");
        }

        string[] untrained = [.. labels.Where((_, label) => !clips.Any(c => c.Label == label && trainFolds.Contains(c.Fold)))];
        if (untrained.Length > 0)
        {
            throw new InvalidDataException($"{dataset.Location}: no readable clip of {string.Join(", ", untrained.Select(l => $"'{l}'"))} in the training fold(s) {string.Join(',', trainFolds)}"
                + " (its files were skipped, see above, or lie outside the training folds); a model cannot learn a class it never hears");
        }

        if (o.CrossValidate)
        {
            CheckEveryFoldLeavesEveryLabel(labels, clips, trainFolds);
        }

        log.WriteLine($"train: {clips.Count} clips, {architecture.Classes} classes; training folds {string.Join(',', trainFolds)}"
            + (o.ValidationFold is { } v ? $", validation fold {v}" : "") + $"; {o.Epochs} epochs on {o.Threads} core(s)");
        log.WriteLine($"model: {architecture.Channels.Count} conv blocks {architecture.Blocks} on windows of {architecture.Frames} frames, {architecture.GlobalPooling.Name()} pooling, "
            + $"{CnnModel.Create(architecture, 0).Network.ParameterCount} parameters, {2.0 * architecture.MultiplyAccumulates() / 1e6:F1} MFLOP per window");
        return new TrainingSetup(dataset, folds, trainFolds, labels, frontend, plan, baseModel, architecture, recipe, background, workers, clips);
    }

    /// <summary>The architecture of <c>--blocks</c> on <c>--window-frames</c> (the defaults where not given), checked.</summary>
    /// <exception cref="ArgumentException">the blocks do not parse or do not fit the window, both options named.</exception>
    public static CnnArchitecture Fresh(TrainOptions o, WindowPlan plan, FrontendConfig frontend)
    {
        var fresh = new CnnArchitecture { Frames = plan.WindowFrames, Bands = frontend.MelBands };
        try
        {
            CnnArchitecture architecture = (o.Blocks is { } b ? fresh.WithBlocks(b) : fresh) with
            {
                GlobalPooling = o.Pooling is { } p ? GlobalPoolings.Parse(p) : fresh.GlobalPooling,
            };
            architecture.Validate();
            return architecture;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--blocks {o.Blocks ?? fresh.Blocks} on --window-frames {plan.WindowFrames}: {e.Message}", e);
        }
    }

    /// <summary>The dataset's labels, at least two (<see cref="DataOption.Open"/> has checked each one a model can carry).</summary>
    private static string[] CheckedLabels(ILabeledDataset dataset)
    {
        string[] labels = [.. dataset.Labels];
        if (labels.Length < 2)
        {
            throw new InvalidDataException($"{dataset.Location}: the clips carry {labels.Length} label(s) ({string.Join(", ", labels)}); training needs at least two"
                + (dataset is ClipFolderLayout ? $" (false alarms give '{ClipFolderDataset.Background}')" : ""));
        }

        return labels;
    }
}
