using EdgeSound.Inference;

namespace EdgeSound.Trainer.OpenSet;

/// <summary>Measures an <see cref="OpenSetRule"/> on scored clips as the daemon would apply it (<see cref="OpenSetFigures"/>).</summary>
public static class OpenSetCheck
{
    /// <param name="rule">The rule to judge.</param>
    /// <param name="clips">Clips whose label is one of the rule's (known) or not (unseen).</param>
    /// <param name="minWindows">Consecutive unknown windows that make an <c>unknown</c> event.</param>
    /// <param name="gateDbfs">Windows below this level are not scored (and break a run).</param>
    /// <param name="hopFrames">Frames between consecutive windows; windows further apart break a run.</param>
    public static OpenSetFigures Measure(OpenSetRule rule, IReadOnlyList<ScoredClip> clips, int minWindows, double gateDbfs, int hopFrames) =>
        Measure([rule], clips, minWindows, gateDbfs, hopFrames);

    /// <summary>Measures the rule "unknown when any of <paramref name="anyOf"/> says so" (e.g. centroid OR kmeans).</summary>
    public static OpenSetFigures Measure(IReadOnlyList<OpenSetRule> anyOf, IReadOnlyList<ScoredClip> clips, int minWindows, double gateDbfs, int hopFrames)
    {
        ArgumentNullException.ThrowIfNull(anyOf);
        ArgumentNullException.ThrowIfNull(clips);
        OpenSetRule rule = anyOf[0];
        int knownClips = 0, falseClips = 0, knownWindows = 0, falseWindows = 0;
        int unseenClips = 0, detectedClips = 0, unseenWindows = 0, detectedWindows = 0;
        foreach (ScoredClip clip in clips)
        {
            bool known = rule.Labels.Contains(clip.Label);
            (int windows, int unknown, bool raised) = Judge(anyOf, clip, minWindows, gateDbfs, hopFrames);
            if (known)
            {
                knownClips++;
                knownWindows += windows;
                falseWindows += unknown;
                falseClips += raised ? 1 : 0;
            }
            else
            {
                unseenClips++;
                unseenWindows += windows;
                detectedWindows += unknown;
                detectedClips += raised ? 1 : 0;
            }
        }

        return new OpenSetFigures(knownClips, falseClips, knownWindows, falseWindows, unseenClips, detectedClips, unseenWindows, detectedWindows);
    }

    /// <summary>
    /// Threshold-free: the area under the ROC curve of the window novelty (loud windows of unseen clips positive, of known
    /// clips negative), the Mann-Whitney U statistic over the product of the counts, ties counting one half; NaN without
    /// both kinds.
    /// </summary>
    public static double WindowAuroc(OpenSetRule rule, IReadOnlyList<ScoredClip> clips, double gateDbfs)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(clips);
        var scored = new List<(double Novelty, bool Unseen)>();
        foreach (ScoredClip clip in clips)
        {
            bool unseen = !rule.Labels.Contains(clip.Label);
            foreach (ScoredWindow w in OpenSetCalibrator.Loud(clip, gateDbfs))
            {
                scored.Add((rule.Novelty(w.Scores, w.Window, out _), unseen));
            }
        }

        long positives = scored.Count(s => s.Unseen), negatives = scored.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var sorted = scored.OrderBy(s => s.Novelty).ToArray();
        double rankSum = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j].Novelty == sorted[i].Novelty)
            {
                j++;
            }

            double rank = ((i + j - 1) / 2.0) + 1;
            rankSum += rank * sorted[i..j].Count(s => s.Unseen);
            i = j;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>The clip's loud windows, how many of them are unknown, and whether a run of <paramref name="minWindows"/> raises an event.</summary>
    private static (int Windows, int Unknown, bool Raised) Judge(IReadOnlyList<OpenSetRule> anyOf, ScoredClip clip, int minWindows, double gateDbfs, int hopFrames)
    {
        int windows = 0, unknown = 0, run = 0, previousStart = int.MinValue;
        bool raised = false;
        foreach (ScoredWindow w in clip.Windows)
        {
            bool adjacent = w.StartFrame - previousStart <= hopFrames;
            previousStart = w.StartFrame;
            if (w.LevelDbfs < gateDbfs)
            {
                run = 0;
                continue;
            }

            windows++;
            if (anyOf.Any(r => r.IsUnknown(w.Scores, w.Window)))
            {
                unknown++;
                run = adjacent ? run + 1 : 1;
                raised |= run >= minWindows;
            }
            else
            {
                run = 0;
            }
        }

        return (windows, unknown, raised);
    }
}
