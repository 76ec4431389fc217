using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Dsp.Decision;

/// <summary>
/// The clip-level decision shared by the trainer's validation, <c>evaluate</c> and the daemon: cut the clip's
/// frames into windows (<see cref="WindowStarts"/>), score each window with the classifier, and average the
/// window scores, louder windows weighing more (<see cref="Average"/>). ESC-50 clips are padded with digital silence,
/// so windows that are mostly silent frames are skipped; when no window qualifies, all windows are used.
/// </summary>
public static class ClipDecision
{
    /// <summary>2^(v/6) for every int8 log-mel value v (index v + 128): the mel energy one value stands for, relative to
    /// value 0 (one step is a sixth of an octave of power, <see cref="LogMelScale.DbPerStep"/>).</summary>
    private static readonly double[] EnergyOfValue = Enumerable.Range(-128, 256).Select(v => Math.Pow(2, (double)v / LogMelScale.StepsPerOctave)).ToArray();

    /// <summary>A frame is silent when every band is at <see cref="LogMelScale.Floor"/> (digital silence).</summary>
    public static bool IsSilentFrame(ReadOnlySpan<sbyte> frame)
    {
        foreach (sbyte v in frame)
        {
            if (v != LogMelScale.Floor)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Start frames of the windows to score. Candidates are 0, hop, 2·hop, ... while the window fits, plus one
    /// window ending at the last frame when the hop grid leaves a tail; a clip shorter than one window has the
    /// single candidate 0 (padded with <see cref="LogMelScale.Floor"/>, and the padding counts as silent).
    /// Candidates with more than <see cref="WindowPlan.MaxSilentFrames"/> silent frames are dropped, unless that
    /// would drop them all.
    /// </summary>
    public static IReadOnlyList<int> WindowStarts(FrameMatrix m, WindowPlan p)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        var candidates = new List<int>();
        if (m.Frames <= p.WindowFrames)
        {
            candidates.Add(0);
        }
        else
        {
            int last = m.Frames - p.WindowFrames;
            for (int s = 0; s <= last; s += p.HopFrames)
            {
                candidates.Add(s);
            }

            if (candidates[^1] != last)
            {
                candidates.Add(last);
            }
        }

        var silentBefore = new int[m.Frames + 1];
        for (int f = 0; f < m.Frames; f++)
        {
            silentBefore[f + 1] = silentBefore[f] + (IsSilentFrame(m.Frame(f)) ? 1 : 0);
        }

        var kept = new List<int>(candidates.Count);
        foreach (int s in candidates)
        {
            int end = Math.Min(s + p.WindowFrames, m.Frames);
            int silent = silentBefore[end] - silentBefore[s] + (p.WindowFrames - (end - s));
            if (silent <= p.MaxSilentFrames)
            {
                kept.Add(s);
            }
        }

        return kept.Count > 0 ? kept : candidates;
    }

    /// <summary>
    /// Copies the window of <paramref name="windowFrames"/> frames starting at <paramref name="start"/> into
    /// <paramref name="window"/> (row-major [frame, band]); frames past the end of the clip are <see cref="LogMelScale.Floor"/>.
    /// </summary>
    public static void CopyWindow(FrameMatrix m, int start, int windowFrames, Span<sbyte> window)
    {
        ArgumentNullException.ThrowIfNull(m);
        int length = windowFrames * m.Bands;
        if (window.Length < length)
        {
            throw new ArgumentException($"Window buffer holds {window.Length} values, a {windowFrames}-frame window of {m.Bands} bands needs {length}.", nameof(window));
        }

        if (start < 0 || start >= Math.Max(m.Frames, 1))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Window start must be in [0, {m.Frames}).");
        }

        int available = Math.Clamp(m.Frames - start, 0, windowFrames);
        m.Data.Slice(start * m.Bands, available * m.Bands).CopyTo(window);
        window[(available * m.Bands)..length].Fill(LogMelScale.Floor);
    }

    /// <summary>
    /// Mel energy of a window of int8 log-mel values (any number of frames of any number of bands): the sum over its
    /// values of 2^(v/6), the energy each value stands for relative to value 0 (<see cref="LogMelScale"/>), divided by
    /// <paramref name="frames"/>; that is the mean over frames of the frame's mel energy summed over bands. Always
    /// positive, since even <see cref="LogMelScale.Floor"/> stands for 2^(-128/6).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frames"/> is not positive.</exception>
    public static double WindowEnergy(ReadOnlySpan<sbyte> window, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        double sum = 0;
        foreach (sbyte v in window)
        {
            sum += EnergyOfValue[v + 128];
        }

        return sum / frames;
    }

    /// <summary>
    /// The clip's scores: the weighted mean of the window score vectors (all of the same length), window w weighing
    /// (E_w / E_max)^<paramref name="exponent"/>, where E_w is its <see cref="WindowEnergy"/> and E_max the largest of
    /// <paramref name="energies"/>. ESC-50 clips and device recordings centre on the event, so the loudest windows
    /// carry it; at exponent 0.25 a window 20 dB below the loudest weighs 0.32, and exponent 0 gives the plain mean.
    /// </summary>
    /// <exception cref="ArgumentException">no window, window score vectors of different lengths, a different number of
    /// energies than windows, or an energy that is not positive and finite.</exception>
    public static float[] Average(IReadOnlyList<float[]> scores, IReadOnlyList<double> energies, double exponent)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(energies);
        if (scores.Count == 0)
        {
            throw new ArgumentException("Cannot average zero windows' scores.", nameof(scores));
        }

        if (energies.Count != scores.Count)
        {
            throw new ArgumentException($"{scores.Count} windows' scores but {energies.Count} window energies.", nameof(energies));
        }

        double loudest = 0;
        foreach (double e in energies)
        {
            if (!(e > 0 && double.IsFinite(e)))
            {
                throw new ArgumentException($"Window energy {e} is not positive and finite.", nameof(energies));
            }

            loudest = Math.Max(loudest, e);
        }

        int classes = scores[0].Length;
        var sum = new double[classes];
        double weights = 0;
        for (int w = 0; w < scores.Count; w++)
        {
            if (scores[w].Length != classes)
            {
                throw new ArgumentException($"Window {w} has {scores[w].Length} scores, window 0 has {classes}.", nameof(scores));
            }

            double weight = Math.Pow(energies[w] / loudest, exponent);
            weights += weight;
            for (int c = 0; c < classes; c++)
            {
                sum[c] += weight * scores[w][c];
            }
        }

        var mean = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            mean[c] = (float)(sum[c] / weights);
        }

        return mean;
    }
}
