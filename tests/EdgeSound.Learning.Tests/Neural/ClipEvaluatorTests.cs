using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class ClipEvaluatorTests
{
    private static readonly CnnArchitecture TwoClasses = new() { Frames = 4, Bands = 2, Classes = 2 };

    /// <summary>Class 0 for a window whose first value is above 0, class 1 otherwise, with certainty.</summary>
    private sealed class FirstValueScorer : IBatchScorer
    {
        public CnnArchitecture Architecture => TwoClasses;

        public void Score(float[] input, int batch, Span<float> probabilities, Workers workers)
        {
            int size = TwoClasses.InputShape.Size;
            for (int i = 0; i < batch; i++)
            {
                bool first = input[i * size] > 0;
                probabilities[2 * i] = first ? 1 : 0;
                probabilities[(2 * i) + 1] = first ? 0 : 1;
            }
        }
    }

    /// <summary>Eight frames of two bands: frames 0-3 at value 12 (mel energy 4 per band), frames 4-7 at value 0 (energy 1).</summary>
    private static LabeledFrames LoudThenQuiet()
    {
        var data = new sbyte[8 * 2];
        data.AsSpan(0, 8).Fill(12);
        return new LabeledFrames("clip", 1, 0, new FrameMatrix(8, 2, data));
    }

    [Fact]
    public void Window_scores_combine_with_the_plans_energy_weighting()
    {
        // Window energies 8 and 2: at exponent 1 the quiet window weighs 0.25, so the clip scores [0.8, 0.2].
        ClipPredictions weighted = ClipEvaluator.Evaluate(new FirstValueScorer(), [LoudThenQuiet()], new WindowPlan(4, 4, 0.5, 1), new Workers(1));
        Assert.Equal(2, weighted.Windows);
        Assert.Equal(0.8f, weighted.Scores[0][0], 1e-6f);
        Assert.Equal(0.2f, weighted.Scores[0][1], 1e-6f);

        ClipPredictions plain = ClipEvaluator.Evaluate(new FirstValueScorer(), [LoudThenQuiet()], new WindowPlan(4, 4, 0.5), new Workers(1));
        Assert.Equal([0.5f, 0.5f], plain.Scores[0]);
    }
}
