using EdgeSound.Dsp.Decision;

namespace EdgeSound.Learning.Neural;

/// <summary>Per-clip results of the clip-level decision: averaged window scores and the winning class.</summary>
public sealed record ClipPredictions(float[][] Scores, int[] Predicted, int[] Truth, int Windows)
{
    public double Accuracy
    {
        get
        {
            int correct = 0;
            for (int i = 0; i < Predicted.Length; i++)
            {
                correct += Predicted[i] == Truth[i] ? 1 : 0;
            }

            return Predicted.Length == 0 ? 0 : (double)correct / Predicted.Length;
        }
    }
}

/// <summary>
/// Runs whole clips through a <see cref="IBatchScorer"/> with the product's clip decision: windows from
/// <see cref="ClipDecision.WindowStarts"/>, scored in batches, averaged with the plan's energy weighting (<see cref="ClipDecision.Average"/>).
/// </summary>
public static class ClipEvaluator
{
    public const int Batch = 64;

    public static ClipPredictions Evaluate(IBatchScorer scorer, IReadOnlyList<LabeledFrames> clips, WindowPlan plan, Workers workers)
    {
        CnnArchitecture arch = scorer.Architecture;
        if (plan.WindowFrames != arch.Frames)
        {
            throw new ArgumentException($"Window plan has {plan.WindowFrames} frames, the model takes {arch.Frames}.", nameof(plan));
        }

        int classes = arch.Classes;
        int size = arch.InputShape.Size;
        var owners = new List<int>();
        var starts = new List<int>();
        for (int c = 0; c < clips.Count; c++)
        {
            foreach (int s in ClipDecision.WindowStarts(clips[c].Frames, plan))
            {
                owners.Add(c);
                starts.Add(s);
            }
        }

        var windowScores = new float[owners.Count][];
        var windowEnergies = new double[owners.Count];
        var input = new float[Batch * size];
        var probabilities = new float[Batch * classes];
        var window = new sbyte[size];
        for (int first = 0; first < owners.Count; first += Batch)
        {
            int n = Math.Min(Batch, owners.Count - first);
            for (int i = 0; i < n; i++)
            {
                ClipDecision.CopyWindow(clips[owners[first + i]].Frames, starts[first + i], arch.Frames, window);
                windowEnergies[first + i] = ClipDecision.WindowEnergy(window, arch.Frames);
                WindowSampler.ToFloat(window, arch.InputScale, input.AsSpan(i * size, size));
            }

            scorer.Score(input, n, probabilities, workers);
            for (int i = 0; i < n; i++)
            {
                windowScores[first + i] = probabilities.AsSpan(i * classes, classes).ToArray();
            }
        }

        var scores = new float[clips.Count][];
        var predicted = new int[clips.Count];
        var truth = new int[clips.Count];
        int next = 0;
        for (int c = 0; c < clips.Count; c++)
        {
            var mine = new List<float[]>();
            var energies = new List<double>();
            while (next < owners.Count && owners[next] == c)
            {
                energies.Add(windowEnergies[next]);
                mine.Add(windowScores[next++]);
            }

            scores[c] = ClipDecision.Average(mine, energies, plan.LevelWeightExponent);
            predicted[c] = ArgMax(scores[c]);
            truth[c] = clips[c].Label;
        }

        return new ClipPredictions(scores, predicted, truth, owners.Count);
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
