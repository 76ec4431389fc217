using EdgeSound.Dsp.Decision;
using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class WeightAverageTests
{
    [Fact]
    public void The_decay_warms_up_as_one_plus_t_over_ten_plus_t_then_holds()
    {
        var average = new WeightAverage([new Parameter("w", 1, decay: true)], 0.999);
        Assert.Equal(2.0 / 11.0, average.DecayAt(1), 12);
        Assert.Equal(101.0 / 110.0, average.DecayAt(100), 12);
        Assert.Equal(0.999, average.DecayAt(1_000_000), 12);
    }

    [Fact]
    public void Each_update_moves_the_average_towards_the_values_and_copying_writes_it_back()
    {
        var w = new Parameter("w", 2, decay: true);
        var average = new WeightAverage([w], 0.5);
        w.Value[0] = 1;
        w.Value[1] = -2;
        average.Update(100);
        w.Value[0] = 3;
        w.Value[1] = 0;
        average.Update(101);

        average.CopyToParameters();

        Assert.Equal((0.5f * 0.5f) + (0.5f * 3f), w.Value[0], 6);
        Assert.Equal((0.5f * -1f) + (0.5f * 0f), w.Value[1], 6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_decay_outside_zero_to_one_is_refused(double decay) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage([new Parameter("w", 1, decay: true)], decay));

    [Fact]
    public void Training_with_an_average_learns_and_returns_other_weights_than_without()
    {
        var plan = new WindowPlan(TinyProblemTests.Tiny.Frames, 8, 0.5);
        List<LabeledFrames> train = TinyProblemTests.MakeClips(64, 1);
        List<LabeledFrames> test = TinyProblemTests.MakeClips(40, 2);
        var recipe = new TrainingRecipe { Epochs = 30, BatchSize = 16, MaxLearningRate = 5e-3, Seed = 3, MaxTimeMask = 2, MaxFrequencyMask = 2 };

        CnnModel plain = new CnnTrainer(TinyProblemTests.Tiny, recipe, plan, new Workers(2)).Train(train, null, null);
        CnnModel averaged = new CnnTrainer(TinyProblemTests.Tiny, recipe with { WeightAverageDecay = 0.9, BatchNormRefreshBatches = 20 }, plan, new Workers(2))
            .Train(train, null, null);

        Assert.Equal(1.0, ClipEvaluator.Evaluate(averaged, test, plan, new Workers(1)).Accuracy);
        Assert.NotEqual(plain.Network.Parameters[0].Value, averaged.Network.Parameters[0].Value);
        Assert.NotEqual(plain.Units[0].Norm.RunningMean, averaged.Units[0].Norm.RunningMean);
    }
}
