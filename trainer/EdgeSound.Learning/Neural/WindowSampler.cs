using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// Draws training windows from clips and augments them. Crops start at any frame (a random time shift) among the
/// starts whose window is not mostly silent under the <see cref="WindowPlan"/> rule (all starts when none is).
/// Augmentations work on the int8 scale the device sees: gain moves non-silent values by
/// <see cref="LogMelScale.StepsForGainDb"/> steps and clamps, leaving digital silence silent; SpecAugment masks
/// set runs of frames or bands to a fill value.
/// </summary>
public sealed class WindowSampler
{
    private readonly IReadOnlyList<LabeledFrames> _clips;
    private readonly int[][] _starts;

    public WindowSampler(IReadOnlyList<LabeledFrames> clips, WindowPlan plan, int bands)
    {
        ArgumentNullException.ThrowIfNull(clips);
        plan.Validate();
        _clips = clips;
        Plan = plan;
        Bands = bands;
        _starts = new int[clips.Count][];
        for (int i = 0; i < clips.Count; i++)
        {
            FrameMatrix m = clips[i].Frames;
            if (m.Bands != bands)
            {
                throw new ArgumentException($"Clip '{clips[i].Name}' has {m.Bands} bands, the model expects {bands}.", nameof(clips));
            }

            _starts[i] = CropStarts(m, plan);
        }
    }

    public WindowPlan Plan { get; }

    public int Bands { get; }

    public int WindowLength => Plan.WindowFrames * Bands;

    /// <summary>Number of crop positions of clip <paramref name="clip"/> that are mostly sound.</summary>
    public int CropCount(int clip) => _starts[clip].Length;

    /// <summary>Every start frame whose window has at most MaxSilentFrames silent frames (all starts if none).</summary>
    public static int[] CropStarts(FrameMatrix m, WindowPlan plan)
    {
        int last = Math.Max(0, m.Frames - plan.WindowFrames);
        var silentBefore = new int[m.Frames + 1];
        for (int f = 0; f < m.Frames; f++)
        {
            silentBefore[f + 1] = silentBefore[f] + (ClipDecision.IsSilentFrame(m.Frame(f)) ? 1 : 0);
        }

        var kept = new List<int>();
        for (int s = 0; s <= last; s++)
        {
            int end = Math.Min(s + plan.WindowFrames, m.Frames);
            int silent = silentBefore[end] - silentBefore[s] + (plan.WindowFrames - (end - s));
            if (silent <= plan.MaxSilentFrames)
            {
                kept.Add(s);
            }
        }

        if (kept.Count == 0)
        {
            for (int s = 0; s <= last; s++)
            {
                kept.Add(s);
            }
        }

        return [.. kept];
    }

    /// <summary>
    /// A random mostly-sound crop of clip <paramref name="clip"/>, with a random gain drawn uniformly from
    /// [<paramref name="minGainDb"/>, <paramref name="maxGainDb"/>] dB (none when both are 0). Returns the crop's start frame.
    /// </summary>
    public int Crop(int clip, Random random, double minGainDb, double maxGainDb, Span<sbyte> window)
    {
        int[] starts = _starts[clip];
        int start = starts[random.Next(starts.Length)];
        ClipDecision.CopyWindow(_clips[clip].Frames, start, Plan.WindowFrames, window);
        if (minGainDb != 0 || maxGainDb != 0)
        {
            ApplyGain(window[..WindowLength], LogMelScale.StepsForGainDb(minGainDb + (random.NextDouble() * (maxGainDb - minGainDb))));
        }

        return start;
    }

    /// <summary>Adds <paramref name="steps"/> to every value above Floor, clamped to [Floor, Ceiling]; silence stays silence.</summary>
    public static void ApplyGain(Span<sbyte> window, int steps)
    {
        if (steps == 0)
        {
            return;
        }

        for (int i = 0; i < window.Length; i++)
        {
            if (window[i] != LogMelScale.Floor)
            {
                window[i] = (sbyte)Math.Clamp(window[i] + steps, LogMelScale.Floor, LogMelScale.Ceiling);
            }
        }
    }

    /// <summary>SpecAugment: <paramref name="timeMasks"/> runs of frames and <paramref name="frequencyMasks"/> runs of bands set to <paramref name="fill"/>.</summary>
    public static void Mask(Span<float> window, int frames, int bands, Random random, int timeMasks, int maxTimeMask, int frequencyMasks, int maxFrequencyMask, float fill)
    {
        for (int t = 0; t < timeMasks; t++)
        {
            int width = random.Next(maxTimeMask + 1);
            int start = random.Next(Math.Max(1, frames - width + 1));
            window.Slice(start * bands, Math.Min(width, frames - start) * bands).Fill(fill);
        }

        for (int f = 0; f < frequencyMasks; f++)
        {
            int width = random.Next(maxFrequencyMask + 1);
            int start = random.Next(Math.Max(1, bands - width + 1));
            int w = Math.Min(width, bands - start);
            for (int frame = 0; frame < frames; frame++)
            {
                window.Slice(frame * bands + start, w).Fill(fill);
            }
        }
    }

    /// <summary>Writes int8 values times <paramref name="scale"/>.</summary>
    public static void ToFloat(ReadOnlySpan<sbyte> window, float scale, Span<float> destination)
    {
        for (int i = 0; i < window.Length; i++)
        {
            destination[i] = window[i] * scale;
        }
    }
}
