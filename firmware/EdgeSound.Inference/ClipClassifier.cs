using System.Buffers;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Inference;

/// <summary>
/// The clip-level decision the device, <c>evaluate</c> and training validation share: fixed-point frontend over
/// the whole clip, the windows <see cref="ClipDecision.WindowStarts"/> keeps (those that are not mostly silent),
/// one score vector per window, averaged with the plan's energy weighting (<see cref="ClipDecision.Average"/>).
/// </summary>
public static class ClipClassifier
{
    /// <summary>Class probabilities for a clip of int16 samples at <see cref="SoundClassifier.SampleRate"/> (16 kHz, the
    /// rate every loaded model's frontend runs at).</summary>
    public static float[] Classify(SoundClassifier classifier, ReadOnlySpan<short> pcm16k)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        FrameMatrix frames = Frontend.ComputeClip(classifier.Frontend, pcm16k);
        return Classify(classifier, frames);
    }

    /// <summary>Class probabilities for a clip's frames (already through the frontend).</summary>
    public static float[] Classify(SoundClassifier classifier, FrameMatrix frames)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Bands != classifier.Bands)
        {
            throw new ArgumentException($"Frames have {frames.Bands} bands; the model expects {classifier.Bands}.", nameof(frames));
        }

        IReadOnlyList<int> starts = ClipDecision.WindowStarts(frames, classifier.Plan);
        var scores = new List<float[]>(starts.Count);
        var energies = new List<double>(starts.Count);
        sbyte[] window = ArrayPool<sbyte>.Shared.Rent(classifier.WindowLength);
        try
        {
            Span<sbyte> w = window.AsSpan(0, classifier.WindowLength);
            foreach (int start in starts)
            {
                ClipDecision.CopyWindow(frames, start, classifier.Plan.WindowFrames, w);
                var s = new float[classifier.Labels.Length];
                classifier.Score(w, s);
                scores.Add(s);
                energies.Add(ClipDecision.WindowEnergy(w, classifier.Plan.WindowFrames));
            }
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(window);
        }

        return ClipDecision.Average(scores, energies, classifier.Plan.LevelWeightExponent);
    }
}
