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
    public static OpenSetFigures Measure(OpenSetRule rule, IReadOnlyList<ScoredClip> clips, int minWindows, double gateDbfs, int hopFrames)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(clips);
        int knownClips = 0, falseClips = 0, knownWindows = 0, falseWindows = 0;
        int unseenClips = 0, detectedClips = 0, unseenWindows = 0, detectedWindows = 0;
        foreach (ScoredClip clip in clips)
        {
            bool known = rule.Labels.Contains(clip.Label);
            (int windows, int unknown, bool raised) = Judge(rule, clip, minWindows, gateDbfs, hopFrames);
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

    /// <summary>The clip's loud windows, how many of them are unknown, and whether a run of <paramref name="minWindows"/> raises an event.</summary>
    private static (int Windows, int Unknown, bool Raised) Judge(OpenSetRule rule, ScoredClip clip, int minWindows, double gateDbfs, int hopFrames)
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
            if (rule.IsUnknown(w.Scores))
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
