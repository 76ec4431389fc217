using System.Buffers;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;

namespace EdgeSound.Trainer.OpenSet;

/// <summary>
/// Scores the windows of a 16 kHz clip the way the clip decision picks them (<see cref="ClipDecision.WindowStarts"/>: not
/// mostly digital silence) and measures each window's level as the daemon's gate does: the mean square of the samples of
/// the window's frames (one frontend hop per frame), in dBFS. Each window keeps its int8 input (for the kmeans method).
/// </summary>
public static class ClipWindowScorer
{
    /// <summary>Windows of <paramref name="pcm16k"/> (int16 at the model's 16 kHz) scored by <paramref name="classifier"/>.</summary>
    public static IReadOnlyList<ScoredWindow> Score(SoundClassifier classifier, ReadOnlySpan<short> pcm16k)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        FrameMatrix frames = Frontend.ComputeClip(classifier.Frontend, pcm16k);
        int hop = classifier.Frontend.HopSamples;
        var energy = new double[pcm16k.Length + 1];
        for (int i = 0; i < pcm16k.Length; i++)
        {
            energy[i + 1] = energy[i] + ((double)pcm16k[i] * pcm16k[i]);
        }

        IReadOnlyList<int> starts = ClipDecision.WindowStarts(frames, classifier.Plan);
        var windows = new List<ScoredWindow>(starts.Count);
        sbyte[] buffer = ArrayPool<sbyte>.Shared.Rent(classifier.WindowLength);
        try
        {
            Span<sbyte> w = buffer.AsSpan(0, classifier.WindowLength);
            foreach (int start in starts)
            {
                ClipDecision.CopyWindow(frames, start, classifier.Plan.WindowFrames, w);
                var scores = new float[classifier.Labels.Length];
                classifier.Score(w, scores);
                int first = Math.Min(start * hop, pcm16k.Length);
                int end = Math.Min((start + classifier.Plan.WindowFrames) * hop, pcm16k.Length);
                double meanSquare = (energy[end] - energy[first]) / (32768.0 * 32768.0 * classifier.Plan.WindowFrames * hop);
                windows.Add(new ScoredWindow(start, LevelMeter.ToDbfs(meanSquare), scores, w.ToArray()));
            }
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(buffer);
        }

        return windows;
    }
}
