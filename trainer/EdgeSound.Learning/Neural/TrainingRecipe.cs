namespace EdgeSound.Learning.Neural;

/// <summary>
/// Everything that decides how the CNN is trained: optimisation (AdamW, one-cycle learning rate, mini-batches)
/// and the training-only augmentation (random mostly-sound crops, random gain, SpecAugment masks, mixup).
/// </summary>
public sealed record TrainingRecipe
{
    public int Epochs { get; init; } = 200;

    public int BatchSize { get; init; } = 32;

    /// <summary>Random crops drawn from each training clip per epoch.</summary>
    public int CropsPerClip { get; init; } = 1;

    public double MaxLearningRate { get; init; } = 2e-3;

    /// <summary>Share of the steps spent warming the learning rate up.</summary>
    public double WarmupFraction { get; init; } = 0.05;

    /// <summary>Decoupled weight decay of AdamW (convolution and dense weights only).</summary>
    public double WeightDecay { get; init; } = 0.02;

    /// <summary>
    /// Decay of an exponential moving average of the weights kept during training (<see cref="WeightAverage"/>); the
    /// trained model is that average, its batch-norm statistics re-estimated on <see cref="BatchNormRefreshBatches"/>
    /// batches of training crops. 0 turns it off.
    /// </summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>Batches of augmented training crops the averaged model's batch-norm running statistics are re-estimated on
    /// (training-mode passes, momentum <see cref="BatchNorm2D.Momentum"/>: 0.9^200 of the old statistics remain).</summary>
    public int BatchNormRefreshBatches { get; init; } = 200;

    /// <summary>
    /// Lowest random gain in dB: each crop's gain is drawn uniformly from [MinGainDb, MaxGainDb] and applied as an int8
    /// offset to its non-silent values (<see cref="WindowSampler.ApplyGain"/>). A sound farther from the microphone
    /// arrives quieter than it was recorded, so a range reaching well below 0 dB teaches the classes at such levels.
    /// </summary>
    public double MinGainDb { get; init; } = -12;

    /// <summary>Highest random gain in dB (see <see cref="MinGainDb"/>).</summary>
    public double MaxGainDb { get; init; } = 6;

    /// <summary>True when the gain range is ±<see cref="MaxGainDb"/> (how every recipe before the range option was described).</summary>
    public bool SymmetricGain => MinGainDb == -MaxGainDb;

    public int TimeMasks { get; init; } = 2;

    /// <summary>Longest time mask in frames (the length is uniform in [0, MaxTimeMask]).</summary>
    public int MaxTimeMask { get; init; } = 8;

    public int FrequencyMasks { get; init; } = 2;

    /// <summary>Widest frequency mask in bands.</summary>
    public int MaxFrequencyMask { get; init; } = 8;

    /// <summary>Probability that a crop gets background noise (<see cref="BackgroundNoise"/>); 0 turns it off.</summary>
    public double NoiseProbability { get; init; }

    /// <summary>Range of the crop's loudest cell over the noise's loudest cell, in dB.</summary>
    public double MinNoiseSnrDb { get; init; } = 5;

    public double MaxNoiseSnrDb { get; init; } = 35;

    /// <summary>
    /// Probability that a training sample is a window of steady background noise alone (<see cref="BackgroundNoise.Fill"/>)
    /// with a flat target (1 / classes each), or the <see cref="BackgroundClass"/> where there is one: the model learns
    /// that noise is none of its event classes. 0 turns it off.
    /// </summary>
    public double BackgroundCropProbability { get; init; }

    /// <summary>
    /// Class index that noise-only windows are labelled with, for data that has a class meaning "nothing is happening"
    /// (a device's false alarms train <c>background</c>); null gives them the flat target.
    /// </summary>
    public int? BackgroundClass { get; init; }

    /// <summary>Range of such a window's noise level, dBFS RMS.</summary>
    public double MinBackgroundDbfs { get; init; } = -65;

    public double MaxBackgroundDbfs { get; init; } = -25;

    /// <summary>Probability that a training sample is mixed with a clip of another class.</summary>
    public double MixupProbability { get; init; } = 0.5;

    /// <summary>Mixing weight λ ~ Beta(α, α), folded so the sample's own clip keeps max(λ, 1 - λ).</summary>
    public double MixupAlpha { get; init; } = 0.4;

    /// <summary>
    /// Knowledge distillation: share of the training target taken from the teachers' softened probabilities
    /// (<see cref="TeacherTargets"/>); the rest is the label (or the mixup label pair). 0 turns it off.
    /// </summary>
    public double DistillationWeight { get; init; }

    /// <summary>Temperature T the teachers' probabilities are softened by, p^(1/T) renormalised (Hinton et al. 2015).</summary>
    public double DistillationTemperature { get; init; } = 2;

    /// <summary>Validate on the validation clips every this many epochs (and after the last).</summary>
    public int ValidationInterval { get; init; } = 20;

    /// <summary>Head-only transfer learning: augmented crops made once per clip, whose embeddings the head trains on.</summary>
    public int CachedCropsPerClip { get; init; } = 8;

    public int Seed { get; init; } = 1;

    public void Validate()
    {
        Check(Epochs >= 1, nameof(Epochs), Epochs);
        Check(BatchSize >= 2, nameof(BatchSize), BatchSize);
        Check(CropsPerClip >= 1, nameof(CropsPerClip), CropsPerClip);
        Check(MaxLearningRate > 0, nameof(MaxLearningRate), MaxLearningRate);
        Check(WarmupFraction is >= 0 and < 1, nameof(WarmupFraction), WarmupFraction);
        Check(WeightDecay >= 0, nameof(WeightDecay), WeightDecay);
        Check(WeightAverageDecay is >= 0 and < 1, nameof(WeightAverageDecay), WeightAverageDecay);
        Check(BatchNormRefreshBatches >= 1, nameof(BatchNormRefreshBatches), BatchNormRefreshBatches);
        Check(double.IsFinite(MinGainDb) && double.IsFinite(MaxGainDb) && MinGainDb <= MaxGainDb, nameof(MinGainDb), MinGainDb);
        Check(TimeMasks >= 0 && MaxTimeMask >= 0, nameof(TimeMasks), TimeMasks);
        Check(FrequencyMasks >= 0 && MaxFrequencyMask >= 0, nameof(FrequencyMasks), FrequencyMasks);
        Check(MixupProbability is >= 0 and <= 1, nameof(MixupProbability), MixupProbability);
        Check(MixupAlpha > 0, nameof(MixupAlpha), MixupAlpha);
        Check(NoiseProbability is >= 0 and <= 1, nameof(NoiseProbability), NoiseProbability);
        Check(BackgroundCropProbability is >= 0 and <= 1, nameof(BackgroundCropProbability), BackgroundCropProbability);
        Check(BackgroundClass is null or >= 0, nameof(BackgroundClass), BackgroundClass ?? 0);
        Check(MinBackgroundDbfs <= MaxBackgroundDbfs, nameof(MinBackgroundDbfs), MinBackgroundDbfs);
        Check(MinNoiseSnrDb <= MaxNoiseSnrDb, nameof(MinNoiseSnrDb), MinNoiseSnrDb);
        Check(DistillationWeight is >= 0 and <= 1, nameof(DistillationWeight), DistillationWeight);
        Check(DistillationTemperature > 0, nameof(DistillationTemperature), DistillationTemperature);
        Check(ValidationInterval >= 1, nameof(ValidationInterval), ValidationInterval);
        Check(CachedCropsPerClip >= 1, nameof(CachedCropsPerClip), CachedCropsPerClip);
    }

    private static void Check(bool ok, string name, object value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"TrainingRecipe.{name} is out of range.");
        }
    }
}
