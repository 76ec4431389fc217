using System.Diagnostics;
using EdgeSound.Dsp.Decision;
using MathNet.Numerics.Distributions;

namespace EdgeSound.Learning.Neural;

/// <summary>Progress after one epoch.</summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double Loss,
    double TrainAccuracy,
    double? ValidationAccuracy,
    double LearningRate,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining);

/// <summary>
/// Where training starts from in transfer learning: a model whose blocks were learned on other data and whose head
/// is new (<see cref="CnnModel.WithNewHead"/>). With <paramref name="HeadOnly"/> the blocks stay frozen (inference-mode
/// batch norm, no gradient) and only the head learns; otherwise every layer is fine-tuned.
/// </summary>
public sealed record TransferStart(CnnModel Model, bool HeadOnly);

/// <summary>
/// Trains a <see cref="CnnModel"/> from scratch (or from a <see cref="TransferStart"/>) on random crops of labelled clips: shuffled mini-batches, the
/// augmentations of the <see cref="TrainingRecipe"/>, softmax cross-entropy (soft targets under mixup), AdamW with a
/// one-cycle learning rate. Validation, when clips are given, uses the clip-level decision of the product.
/// Deterministic for a given recipe seed, whatever the number of workers.
/// </summary>
public sealed class CnnTrainer
{
    private readonly CnnArchitecture _architecture;
    private readonly TrainingRecipe _recipe;
    private readonly WindowPlan _plan;
    private readonly Workers _workers;
    private readonly BackgroundNoise? _background;
    private readonly TeacherTargets? _teacher;

    /// <param name="teacher">Soft targets of the training clips, in the order <see cref="Train"/> receives them; required
    /// when <see cref="TrainingRecipe.DistillationWeight"/> is above 0.</param>
    public CnnTrainer(CnnArchitecture architecture, TrainingRecipe recipe, WindowPlan plan, Workers workers, BackgroundNoise? background = null,
        TeacherTargets? teacher = null)
    {
        architecture.Validate();
        recipe.Validate();
        plan.Validate();
        if (plan.WindowFrames != architecture.Frames)
        {
            throw new ArgumentException($"WindowPlan.WindowFrames ({plan.WindowFrames}) must equal the model's input frames ({architecture.Frames}).", nameof(plan));
        }

        if ((recipe.NoiseProbability > 0 || recipe.BackgroundCropProbability > 0) && background?.Bands != architecture.Bands)
        {
            throw new ArgumentException($"TrainingRecipe.NoiseProbability is {recipe.NoiseProbability} and BackgroundCropProbability {recipe.BackgroundCropProbability} but no background noise of {architecture.Bands} bands was given.", nameof(background));
        }

        if (recipe.BackgroundClass >= architecture.Classes)
        {
            throw new ArgumentException($"TrainingRecipe.BackgroundClass {recipe.BackgroundClass} is not a class of a {architecture.Classes}-class model.", nameof(recipe));
        }

        if (recipe.DistillationWeight > 0 && teacher?.Classes != architecture.Classes)
        {
            throw new ArgumentException($"TrainingRecipe.DistillationWeight is {recipe.DistillationWeight} but no teacher targets of {architecture.Classes} classes were given.", nameof(teacher));
        }

        _architecture = architecture;
        _recipe = recipe;
        _teacher = recipe.DistillationWeight > 0 ? teacher : null;
        _background = background;
        _plan = plan;
        _workers = workers;
    }

    public CnnModel Train(IReadOnlyList<LabeledFrames> training, IReadOnlyList<LabeledFrames>? validation, Action<EpochReport>? progress,
        TransferStart? start = null)
    {
        if (training.Count < 2)
        {
            throw new ArgumentException($"Training needs at least 2 clips, got {training.Count}.", nameof(training));
        }

        foreach (LabeledFrames clip in training)
        {
            if (clip.Label < 0 || clip.Label >= _architecture.Classes)
            {
                throw new ArgumentException($"Clip '{clip.Name}' has label {clip.Label}, outside [0, {_architecture.Classes}).", nameof(training));
            }
        }

        if (_teacher is not null && _teacher.Clips != training.Count)
        {
            throw new ArgumentException($"The teacher targets cover {_teacher.Clips} clips, the training set has {training.Count}.", nameof(training));
        }

        CnnModel model = start?.Model ?? CnnModel.Create(_architecture, _recipe.Seed);
        if (model.Architecture.Classes != _architecture.Classes || model.Architecture.InputShape != _architecture.InputShape)
        {
            throw new ArgumentException($"The start model has {model.Architecture.Classes} classes over {model.Architecture.InputShape}; the trainer expects {_architecture.Classes} over {_architecture.InputShape}.", nameof(start));
        }

        var sampler = new WindowSampler(training, _plan, _architecture.Bands);
        var byClass = ClipsByClass(training, _architecture.Classes);
        if (start is { HeadOnly: true })
        {
            return TrainHead(model, sampler, training, byClass, validation, progress);
        }

        var optimizer = new AdamW(model.Network.Parameters, _recipe.WeightDecay);
        int samplesPerEpoch = training.Count * _recipe.CropsPerClip;
        int batch = Math.Min(_recipe.BatchSize, samplesPerEpoch);
        int stepsPerEpoch = samplesPerEpoch / batch;
        var schedule = new OneCycleSchedule(_recipe.MaxLearningRate, (long)stepsPerEpoch * _recipe.Epochs, _recipe.WarmupFraction);
        int classes = _architecture.Classes;
        int size = _architecture.InputShape.Size;
        var input = new float[batch * size];
        var targets = new float[batch * classes];
        var primary = new int[batch];
        var gradient = new float[batch * classes];
        var order = new int[samplesPerEpoch];
        var shuffle = new Random(_recipe.Seed);
        var clock = Stopwatch.StartNew();
        long step = 0;
        WeightAverage? average = _recipe.WeightAverageDecay > 0 ? new WeightAverage(model.Network.Parameters, _recipe.WeightAverageDecay) : null;
        for (int epoch = 1; epoch <= _recipe.Epochs; epoch++)
        {
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i % training.Count;
            }

            shuffle.Shuffle(order);
            double lossSum = 0;
            int correct = 0, seen = 0;
            double rate = 0;
            for (int b = 0; b < stepsPerEpoch; b++)
            {
                int first = b * batch;
                int currentEpoch = epoch;
                _workers.For(batch, (_, start, end) =>
                {
                    var window = new sbyte[sampler.WindowLength];
                    for (int i = start; i < end; i++)
                    {
                        var random = new Random(unchecked((_recipe.Seed * 1_000_003) ^ (currentEpoch * 7_919) ^ ((first + i) * 104_729)));
                        primary[i] = order[first + i];
                        MakeSample(sampler, training, byClass, primary[i], random, window, input.AsSpan(i * size, size), targets.AsSpan(i * classes, classes));
                    }
                });

                float[] logits = model.Network.Forward(input, batch, training: true, _workers);
                lossSum += SoftmaxCrossEntropy.LossAndGradient(logits, targets, gradient, batch, classes) * batch;
                for (int i = 0; i < batch; i++)
                {
                    correct += ClipEvaluator.ArgMax(logits.AsSpan(i * classes, classes)) == training[primary[i]].Label ? 1 : 0;
                }

                seen += batch;
                model.Network.Backward(gradient, batch, _workers);
                rate = schedule.RateAt(step++);
                optimizer.Step(rate);
                average?.Update(step);
            }

            EndEpoch(model, validation, progress, epoch, lossSum, correct, seen, rate, clock);
        }

        if (average is not null)
        {
            average.CopyToParameters();
            RefreshBatchNorm(model, sampler, training, byClass, order, input, targets);
        }

        return model;
    }

    /// <summary>
    /// Re-estimates the batch-norm running statistics of <paramref name="model"/> (whose weights were just replaced by
    /// their average) with <see cref="TrainingRecipe.BatchNormRefreshBatches"/> training-mode forward passes over
    /// augmented crops of the last epoch's clip order, drawn with their own seeds.
    /// </summary>
    private void RefreshBatchNorm(CnnModel model, WindowSampler sampler, IReadOnlyList<LabeledFrames> training, int[][] byClass, int[] order,
        float[] input, float[] targets)
    {
        int classes = _architecture.Classes, size = _architecture.InputShape.Size;
        int batch = input.Length / size;
        for (int b = 0; b < _recipe.BatchNormRefreshBatches; b++)
        {
            int first = (b * batch) % Math.Max(1, order.Length - batch);
            int pass = b;
            _workers.For(batch, (_, start, end) =>
            {
                var window = new sbyte[sampler.WindowLength];
                for (int i = start; i < end; i++)
                {
                    var random = new Random(unchecked((_recipe.Seed * 7_000_003) ^ (pass * 7_919) ^ ((first + i) * 104_729)));
                    MakeSample(sampler, training, byClass, order[first + i], random, window, input.AsSpan(i * size, size), targets.AsSpan(i * classes, classes));
                }
            });
            model.Network.Forward(input, batch, training: true, _workers);
        }
    }

    /// <summary>
    /// Head-only transfer: the frozen blocks map each of <see cref="TrainingRecipe.CachedCropsPerClip"/> augmented
    /// crops per clip (made once, as in full training) to its pooled embedding; each epoch then draws one cached crop
    /// per clip and trains only dropout + dense on the embeddings, with the same batches, loss, optimizer and schedule.
    /// The blocks run once per cached crop instead of once per step, which is what makes a new head fast.
    /// </summary>
    private CnnModel TrainHead(CnnModel model, WindowSampler sampler, IReadOnlyList<LabeledFrames> training, int[][] byClass,
        IReadOnlyList<LabeledFrames>? validation, Action<EpochReport>? progress)
    {
        var clock = Stopwatch.StartNew();
        int layers = model.Network.Layers.Count;
        var blocks = new Network([.. model.Network.Layers.Take(layers - 2)]);
        var head = new Network([.. model.Network.Layers.Skip(layers - 2)]);
        int classes = _architecture.Classes, size = _architecture.InputShape.Size, width = model.Head.Inputs;
        int cached = _recipe.CachedCropsPerClip, pool = training.Count * cached;
        var embeddings = new float[pool * width];
        var pooledTargets = new float[pool * classes];
        for (int first = 0; first < pool; first += _recipe.BatchSize)
        {
            int n = Math.Min(_recipe.BatchSize, pool - first);
            var input = new float[n * size];
            _workers.For(n, (_, start, end) =>
            {
                var window = new sbyte[sampler.WindowLength];
                for (int i = start; i < end; i++)
                {
                    int crop = first + i;
                    var random = new Random(unchecked((_recipe.Seed * 1_000_003) ^ (crop * 104_729)));
                    MakeSample(sampler, training, byClass, crop / cached, random, window, input.AsSpan(i * size, size), pooledTargets.AsSpan(crop * classes, classes));
                }
            });

            blocks.Forward(input, n, training: false, _workers).AsSpan(0, n * width).CopyTo(embeddings.AsSpan(first * width));
        }

        var optimizer = new AdamW(head.Parameters, _recipe.WeightDecay);
        int samplesPerEpoch = training.Count * _recipe.CropsPerClip;
        int batch = Math.Min(_recipe.BatchSize, samplesPerEpoch);
        int stepsPerEpoch = samplesPerEpoch / batch;
        var schedule = new OneCycleSchedule(_recipe.MaxLearningRate, (long)stepsPerEpoch * _recipe.Epochs, _recipe.WarmupFraction);
        var x = new float[batch * width];
        var targets = new float[batch * classes];
        var gradient = new float[batch * classes];
        var order = new int[samplesPerEpoch];
        var shuffle = new Random(_recipe.Seed);
        long step = 0;
        for (int epoch = 1; epoch <= _recipe.Epochs; epoch++)
        {
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = (i % training.Count) * cached + shuffle.Next(cached);
            }

            shuffle.Shuffle(order);
            double lossSum = 0, rate = 0;
            int correct = 0, seen = 0;
            for (int b = 0; b < stepsPerEpoch; b++)
            {
                for (int i = 0; i < batch; i++)
                {
                    int crop = order[b * batch + i];
                    embeddings.AsSpan(crop * width, width).CopyTo(x.AsSpan(i * width));
                    pooledTargets.AsSpan(crop * classes, classes).CopyTo(targets.AsSpan(i * classes));
                }

                float[] logits = head.Forward(x, batch, training: true, _workers);
                lossSum += SoftmaxCrossEntropy.LossAndGradient(logits, targets, gradient, batch, classes) * batch;
                for (int i = 0; i < batch; i++)
                {
                    correct += ClipEvaluator.ArgMax(logits.AsSpan(i * classes, classes)) == training[order[b * batch + i] / cached].Label ? 1 : 0;
                }

                seen += batch;
                head.Backward(gradient, batch, _workers);
                rate = schedule.RateAt(step++);
                optimizer.Step(rate);
            }

            EndEpoch(model, validation, progress, epoch, lossSum, correct, seen, rate, clock);
        }

        return model;
    }

    /// <summary>
    /// After an epoch: validates on <paramref name="validation"/> every <see cref="TrainingRecipe.ValidationInterval"/>
    /// epochs and after the last, then reports the epoch's mean loss, training accuracy, rate, speed and time left.
    /// </summary>
    private void EndEpoch(CnnModel model, IReadOnlyList<LabeledFrames>? validation, Action<EpochReport>? progress, int epoch,
        double lossSum, int correct, int seen, double rate, Stopwatch clock)
    {
        double? validationAccuracy = null;
        if (validation is { Count: > 0 } && (epoch % _recipe.ValidationInterval == 0 || epoch == _recipe.Epochs))
        {
            validationAccuracy = ClipEvaluator.Evaluate(model, validation, _plan, _workers).Accuracy;
        }

        TimeSpan elapsed = clock.Elapsed;
        progress?.Invoke(new EpochReport(epoch, _recipe.Epochs, lossSum / seen, (double)correct / seen, validationAccuracy, rate,
            (double)seen * epoch / elapsed.TotalSeconds, elapsed, elapsed / epoch * (_recipe.Epochs - epoch)));
    }

    /// <summary>
    /// One training sample: with probability BackgroundCropProbability a window of noise alone with a flat target (or the
    /// recipe's background class);
    /// otherwise a random mostly-sound crop with random gain, possibly over background noise, possibly mixed with a crop of another class
    /// (soft target), then SpecAugment masks filled with the window's mean value. With teacher targets, the target is
    /// (1 − w)·label + w·teacher, where the teacher part mixes like the labels (the teachers' targets of each crop's start).
    /// </summary>
    private void MakeSample(WindowSampler sampler, IReadOnlyList<LabeledFrames> clips, int[][] byClass, int clip, Random random,
        sbyte[] window, Span<float> x, Span<float> target)
    {
        float scale = _architecture.InputScale;
        target.Clear();
        if (_background is not null && _recipe.BackgroundCropProbability > 0 && random.NextDouble() < _recipe.BackgroundCropProbability)
        {
            _background.Fill(window.AsSpan(0, sampler.WindowLength), _architecture.Frames, random,
                _recipe.MinBackgroundDbfs - BackgroundNoise.GeneratedDbfs, _recipe.MaxBackgroundDbfs - BackgroundNoise.GeneratedDbfs);
            WindowSampler.ToFloat(window, scale, x);
            if (_recipe.BackgroundClass is { } nothing)
            {
                target[nothing] = 1;
            }
            else
            {
                target.Fill(1f / target.Length);
            }

            Mask(x, random);
            return;
        }

        int start = sampler.Crop(clip, random, _recipe.MinGainDb, _recipe.MaxGainDb, window);
        if (_background is not null && _recipe.NoiseProbability > 0 && random.NextDouble() < _recipe.NoiseProbability)
        {
            _background.Mix(window.AsSpan(0, sampler.WindowLength), _architecture.Frames, random, _recipe.MinNoiseSnrDb, _recipe.MaxNoiseSnrDb);
        }

        WindowSampler.ToFloat(window, scale, x);
        int label = clips[clip].Label;
        float keep = 1;
        int other = -1, otherStart = 0;
        if (random.NextDouble() < _recipe.MixupProbability)
        {
            other = OtherClassClip(byClass, label, random);
            if (other >= 0)
            {
                double lambda = Beta.Sample(random, _recipe.MixupAlpha, _recipe.MixupAlpha);
                keep = (float)Math.Max(lambda, 1 - lambda);
                otherStart = sampler.Crop(other, random, _recipe.MinGainDb, _recipe.MaxGainDb, window);
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = keep * x[i] + (1 - keep) * window[i] * scale;
                }
            }
        }

        target[label] = keep;
        if (other >= 0)
        {
            target[clips[other].Label] += 1 - keep;
        }

        if (_teacher is not null)
        {
            float w = (float)_recipe.DistillationWeight;
            ReadOnlySpan<float> own = _teacher.At(clip, start);
            for (int c = 0; c < target.Length; c++)
            {
                target[c] = ((1 - w) * target[c]) + (w * keep * own[c]);
            }

            if (other >= 0)
            {
                ReadOnlySpan<float> mixed = _teacher.At(other, otherStart);
                for (int c = 0; c < target.Length; c++)
                {
                    target[c] += w * (1 - keep) * mixed[c];
                }
            }
        }

        Mask(x, random);
    }

    /// <summary>SpecAugment masks over <paramref name="x"/>, filled with the window's mean value.</summary>
    private void Mask(Span<float> x, Random random)
    {
        float mean = 0;
        foreach (float v in x)
        {
            mean += v;
        }

        WindowSampler.Mask(x, _architecture.Frames, _architecture.Bands, random, _recipe.TimeMasks, _recipe.MaxTimeMask,
            _recipe.FrequencyMasks, _recipe.MaxFrequencyMask, mean / x.Length);
    }

    private static int OtherClassClip(int[][] byClass, int label, Random random)
    {
        int total = 0;
        for (int c = 0; c < byClass.Length; c++)
        {
            total += c == label ? 0 : byClass[c].Length;
        }

        if (total == 0)
        {
            return -1;
        }

        int pick = random.Next(total);
        for (int c = 0; c < byClass.Length; c++)
        {
            if (c == label)
            {
                continue;
            }

            if (pick < byClass[c].Length)
            {
                return byClass[c][pick];
            }

            pick -= byClass[c].Length;
        }

        return -1;
    }

    private static int[][] ClipsByClass(IReadOnlyList<LabeledFrames> clips, int classes)
    {
        var lists = new List<int>[classes];
        for (int c = 0; c < classes; c++)
        {
            lists[c] = [];
        }

        for (int i = 0; i < clips.Count; i++)
        {
            lists[clips[i].Label].Add(i);
        }

        var result = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            result[c] = [.. lists[c]];
        }

        return result;
    }
}
