namespace EdgeSound.Learning.Neural;

/// <summary>
/// Soft targets for knowledge distillation (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a Neural
/// Network"): for each training clip, a teacher's class probabilities for windows starting every
/// <see cref="HopFrames"/> frames, already softened by the distillation temperature. A crop starting at frame s takes
/// the targets of the position nearest to s. Shape per clip: [positions, <see cref="Classes"/>], positions =
/// floor(max(0, frames - window) / hop) + 1.
/// </summary>
public sealed class TeacherTargets
{
    private readonly float[][] _targets;

    /// <param name="targets">Per clip (in the order of the training list), positions x classes probabilities.</param>
    /// <param name="hopFrames">Frames between two scored positions (at least 1).</param>
    /// <param name="classes">Length of each probability vector.</param>
    /// <exception cref="ArgumentException">a clip has no positions or a length that is not a multiple of <paramref name="classes"/>.</exception>
    public TeacherTargets(IReadOnlyList<float[]> targets, int hopFrames, int classes)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        for (int i = 0; i < targets.Count; i++)
        {
            if (targets[i].Length == 0 || targets[i].Length % classes != 0)
            {
                throw new ArgumentException($"Teacher targets of clip {i} hold {targets[i].Length} values, not a positive multiple of {classes} classes.", nameof(targets));
            }
        }

        _targets = [.. targets];
        HopFrames = hopFrames;
        Classes = classes;
    }

    public int HopFrames { get; }

    public int Classes { get; }

    public int Clips => _targets.Length;

    /// <summary>Number of positions scored for a clip of <paramref name="frames"/> frames and windows of <paramref name="windowFrames"/>.</summary>
    public static int Positions(int frames, int windowFrames, int hopFrames) => (Math.Max(0, frames - windowFrames) / hopFrames) + 1;

    /// <summary>The targets of clip <paramref name="clip"/> for a crop starting at frame <paramref name="start"/>.</summary>
    public ReadOnlySpan<float> At(int clip, int start)
    {
        float[] all = _targets[clip];
        int positions = all.Length / Classes;
        int position = Math.Clamp((int)Math.Round((double)start / HopFrames), 0, positions - 1);
        return all.AsSpan(position * Classes, Classes);
    }

    /// <summary>
    /// Softens probabilities in place by temperature <paramref name="temperature"/>: p_i ← p_i^(1/T) / Σ_j p_j^(1/T),
    /// which equals softmax(logits / T) because log p = logits − log Σ exp(logits).
    /// </summary>
    public static void Soften(Span<float> probabilities, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(temperature, 0);
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double v = Math.Pow(Math.Max(probabilities[i], 1e-12), 1 / temperature);
            probabilities[i] = (float)v;
            sum += v;
        }

        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = (float)(probabilities[i] / sum);
        }
    }
}
