using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class TinyProblemTests
{
    /// <summary>The small network these problems are sized for (also used by the quantization tests).</summary>
    internal static readonly CnnArchitecture Tiny = new()
    {
        Frames = 16,
        Bands = 16,
        Classes = 2,
        Channels = [8, 16],
        Pool = [true, false],
        DropoutRate = 0.1,
    };

    /// <summary>
    /// Class 0: a steady tone (one band lit in every frame); class 1: clicks (every band lit in every 4th frame).
    /// Both over background noise at a random level, with digital silence padded at the end like ESC-50.
    /// </summary>
    internal static List<LabeledFrames> MakeClips(int count, int seed)
    {
        var random = new Random(seed);
        var clips = new List<LabeledFrames>();
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            int frames = 48;
            int sound = 30 + random.Next(18);
            var data = new sbyte[frames * Tiny.Bands];
            int band = 2 + random.Next(12);
            int phase = random.Next(4);
            int level = random.Next(-40, 40);
            for (int f = 0; f < frames; f++)
            {
                for (int b = 0; b < Tiny.Bands; b++)
                {
                    int v = f >= sound ? LogMelScale.Floor : level - 30 + random.Next(20);
                    bool lit = f < sound && (label == 0 ? Math.Abs(b - band) <= 1 : f % 4 == phase);
                    data[f * Tiny.Bands + b] = (sbyte)Math.Clamp(lit ? v + 50 : v, -128, 127);
                }
            }

            clips.Add(new LabeledFrames($"clip{i}", 1, label, new FrameMatrix(frames, Tiny.Bands, data)));
        }

        return clips;
    }

    [Fact]
    public void LearnsTwoSyntheticPatternsToFullAccuracy()
    {
        var recipe = new TrainingRecipe { Epochs = 30, BatchSize = 16, MaxLearningRate = 5e-3, ValidationInterval = 5, Seed = 3, MaxTimeMask = 2, MaxFrequencyMask = 2 };
        var plan = new WindowPlan(Tiny.Frames, 8, 0.5);
        List<LabeledFrames> train = MakeClips(64, 1);
        List<LabeledFrames> test = MakeClips(40, 2);
        var reports = new List<EpochReport>();
        CnnModel model = new CnnTrainer(Tiny, recipe, plan, new Workers(2)).Train(train, test, reports.Add);

        Assert.Equal(30, reports.Count);

        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss {reports[0].Loss} -> {reports[^1].Loss}");
        Assert.Equal(1.0, reports[^1].ValidationAccuracy);
        Assert.Equal(1.0, ClipEvaluator.Evaluate(model, test, plan, new Workers(1)).Accuracy);
    }

    /// <summary>
    /// Trains the tiny model with noise-only windows (p = 0.3) of a steady noise around -10, labelled
    /// <paramref name="backgroundClass"/> (null: flat), and returns its accuracy on clean clips and its scores on a
    /// quieter noise of the same kind.
    /// </summary>
    private static (double CleanAccuracy, float[] NoiseScores) TrainWithBackgroundCrops(int? backgroundClass)
    {
        var random = new Random(9);
        var noiseFrames = new sbyte[200 * Tiny.Bands];
        for (int i = 0; i < noiseFrames.Length; i++)
        {
            noiseFrames[i] = (sbyte)(-20 + random.Next(20));
        }

        var background = new BackgroundNoise([new FrameMatrix(200, Tiny.Bands, noiseFrames)]);
        var recipe = new TrainingRecipe
        {
            Epochs = 30, BatchSize = 16, MaxLearningRate = 5e-3, ValidationInterval = 30, Seed = 3, MaxTimeMask = 2, MaxFrequencyMask = 2,
            BackgroundCropProbability = 0.3, MinBackgroundDbfs = -40, MaxBackgroundDbfs = -20, BackgroundClass = backgroundClass,
        };
        var plan = new WindowPlan(Tiny.Frames, 8, 0.5);
        CnnModel model = new CnnTrainer(Tiny, recipe, plan, new Workers(2), background).Train(MakeClips(64, 1), null, null);

        var quiet = new sbyte[48 * Tiny.Bands];
        for (int i = 0; i < quiet.Length; i++)
        {
            quiet[i] = (sbyte)(-40 + random.Next(20));
        }

        ClipPredictions noise = ClipEvaluator.Evaluate(model, [new LabeledFrames("noise", 1, 0, new FrameMatrix(48, Tiny.Bands, quiet))], plan, new Workers(1));
        return (ClipEvaluator.Evaluate(model, MakeClips(40, 2), plan, new Workers(1)).Accuracy, noise.Scores[0]);
    }

    [Fact]
    public void Background_crops_teach_that_noise_alone_is_neither_class()
    {
        var (accuracy, noise) = TrainWithBackgroundCrops(null);
        Assert.Equal(1.0, accuracy);
        Assert.InRange(noise[0], 0.3, 0.7);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Background_crops_of_data_with_a_background_class_teach_that_class(int nothing)
    {
        var (_, noise) = TrainWithBackgroundCrops(nothing);
        Assert.True(noise[nothing] > 0.75, $"background class {nothing} scored {noise[nothing]} on noise (flat target: 0.3-0.7)");
    }

    [Fact]
    public void A_background_class_outside_the_model_is_refused()
    {
        var background = new BackgroundNoise([new FrameMatrix(200, Tiny.Bands, new sbyte[200 * Tiny.Bands])]);
        var recipe = new TrainingRecipe { BackgroundCropProbability = 0.1, BackgroundClass = Tiny.Classes };
        var error = Assert.Throws<ArgumentException>(() => new CnnTrainer(Tiny, recipe, new WindowPlan(Tiny.Frames, 8, 0.5), new Workers(1), background));
        Assert.Contains($"BackgroundClass {Tiny.Classes}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Background_crops_need_a_background()
    {
        var recipe = new TrainingRecipe { BackgroundCropProbability = 0.1 };
        var error = Assert.Throws<ArgumentException>(() => new CnnTrainer(Tiny, recipe, new WindowPlan(Tiny.Frames, 8, 0.5), new Workers(1)));
        Assert.Contains("BackgroundCropProbability 0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingIsDeterministicWhateverTheWorkerCount()
    {
        var recipe = new TrainingRecipe { Epochs = 2, BatchSize = 8, Seed = 5 };
        var plan = new WindowPlan(Tiny.Frames, 8, 0.5);
        List<LabeledFrames> train = MakeClips(24, 4);
        CnnModel one = new CnnTrainer(Tiny, recipe, plan, new Workers(1)).Train(train, null, null);
        CnnModel two = new CnnTrainer(Tiny, recipe, plan, new Workers(2)).Train(train, null, null);
        float[] a = one.Head.Weights.Value, b = two.Head.Weights.Value;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 3);
        }
    }
}
