using EdgeSound.Dsp.Decision;
using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class DistillationTests
{
    [Fact]
    public void SofteningProbabilitiesEqualsSoftmaxOfLogitsOverTemperature()
    {
        double[] logits = [2.0, -1.0, 0.5, 4.0];
        const double t = 3;
        float[] p = Softmax(logits, 1);
        TeacherTargets.Soften(p, t);
        float[] expected = Softmax(logits, t);
        for (int i = 0; i < p.Length; i++)
        {
            Assert.Equal(expected[i], p[i], 5);
        }
    }

    [Fact]
    public void ACropTakesTheTargetsOfTheNearestScoredStart()
    {
        int positions = TeacherTargets.Positions(frames: 30, windowFrames: 16, hopFrames: 4);
        Assert.Equal(4, positions);
        var values = new float[positions * 2];
        for (int p = 0; p < positions; p++)
        {
            values[2 * p] = p;
            values[(2 * p) + 1] = 10 + p;
        }

        var targets = new TeacherTargets([values], hopFrames: 4, classes: 2);
        Assert.Equal(0, targets.At(0, 1)[0]);
        Assert.Equal(1, targets.At(0, 5)[0]);
        Assert.Equal(2, targets.At(0, 7)[0]);
        Assert.Equal(13, targets.At(0, 14)[1]);
        Assert.Equal(3, targets.At(0, 99)[0]);
    }

    [Fact]
    public void TargetsOfAWrongShapeAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new TeacherTargets([new float[3]], hopFrames: 4, classes: 2));
        Assert.Throws<ArgumentException>(() => new TeacherTargets([Array.Empty<float>()], hopFrames: 4, classes: 2));
    }

    [Fact]
    public void WithFullWeightTheStudentLearnsTheTeacherNotTheLabels()
    {
        // The labels say tone = 0 and clicks = 1; the teacher says the opposite. With weight 1 only the teacher counts.
        var plan = new WindowPlan(TinyProblemTests.Tiny.Frames, 8, 0.5);
        List<LabeledFrames> train = TinyProblemTests.MakeClips(64, 1);
        List<LabeledFrames> test = TinyProblemTests.MakeClips(40, 2);
        var teacher = new TeacherTargets([.. train.Select(c => Swapped(c, plan))], hopFrames: 4, classes: 2);
        var recipe = new TrainingRecipe
        {
            Epochs = 30, BatchSize = 16, MaxLearningRate = 5e-3, Seed = 3, MaxTimeMask = 2, MaxFrequencyMask = 2,
            DistillationWeight = 1,
        };

        CnnModel model = new CnnTrainer(TinyProblemTests.Tiny, recipe, plan, new Workers(2), teacher: teacher).Train(train, null, null);

        Assert.Equal(0.0, ClipEvaluator.Evaluate(model, test, plan, new Workers(1)).Accuracy);
    }

    [Fact]
    public void DistillingWithoutTeacherTargetsIsRefused()
    {
        var plan = new WindowPlan(TinyProblemTests.Tiny.Frames, 8, 0.5);
        var recipe = new TrainingRecipe { DistillationWeight = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => new CnnTrainer(TinyProblemTests.Tiny, recipe, plan, new Workers(1)));
        Assert.Contains("DistillationWeight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TeacherTargetsMustCoverEveryTrainingClip()
    {
        var plan = new WindowPlan(TinyProblemTests.Tiny.Frames, 8, 0.5);
        List<LabeledFrames> train = TinyProblemTests.MakeClips(8, 1);
        var teacher = new TeacherTargets([.. train.Take(7).Select(c => Swapped(c, plan))], hopFrames: 4, classes: 2);
        var recipe = new TrainingRecipe { Epochs = 1, BatchSize = 4, DistillationWeight = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => new CnnTrainer(TinyProblemTests.Tiny, recipe, plan, new Workers(1), teacher: teacher).Train(train, null, null));
        Assert.Contains("7 clips", error.Message, StringComparison.Ordinal);
    }

    private static float[] Swapped(LabeledFrames clip, WindowPlan plan)
    {
        int positions = TeacherTargets.Positions(clip.Frames.Frames, plan.WindowFrames, 4);
        var values = new float[positions * 2];
        for (int p = 0; p < positions; p++)
        {
            values[(2 * p) + (1 - clip.Label)] = 1;
        }

        return values;
    }

    private static float[] Softmax(double[] logits, double t)
    {
        double max = logits.Max();
        double[] e = [.. logits.Select(l => Math.Exp((l - max) / t))];
        double sum = e.Sum();
        return [.. e.Select(v => (float)(v / sum))];
    }
}
