using System.Globalization;
using EdgeSound.Learning.Data;

namespace EdgeSound.Learning.Soundscapes;

/// <summary>
/// One soundscape of a calibration or test set: its background (<c>pink</c>, <c>brown</c>, <c>white</c> or
/// <see cref="HeldOutSoundscapes.Ambience"/>), background RMS level in dBFS, seed, and which half of the clips'
/// source recordings it draws events from (0: all; 1 or 2: see <see cref="HeldOutSoundscapes.InHalf"/>).
/// </summary>
public sealed record SoundscapeSpec(string Background, double BackgroundDbfs, int Seed, int Half)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Background}@{BackgroundDbfs:0}dBFS/seed{Seed}/half{Half}");
}

/// <summary>A generated soundscape with the labels its scoring leaves out (the background's own classes).</summary>
public sealed record HeldOutSoundscape(SoundscapeSpec Spec, Soundscape Scape, IReadOnlySet<string> Ignore);

/// <summary>
/// Soundscapes of held-out ESC-50 clips for detector calibration and testing. Calibration and test sets keep apart
/// by seed and by source recording: <see cref="InHalf"/> splits each class's source recordings (the number in an
/// ESC-50 file name, <c>{fold}-{source}-{take}-{target}.wav</c>) into two halves, so no recording feeds both.
/// </summary>
public static class HeldOutSoundscapes
{
    /// <summary>The background name for a bed of steady ESC-50 classes (<see cref="AmbienceClasses"/>).</summary>
    public const string Ambience = "ambience";

    /// <summary>Steady ESC-50 classes used as background beds; over such a bed they are not placed or scored as events.</summary>
    public static readonly IReadOnlyList<string> AmbienceClasses = ["rain", "wind", "sea_waves", "crickets"];

    /// <summary>
    /// Whether <paramref name="clip"/> belongs to half 1 or 2 (half 0 takes every clip): within each class the distinct
    /// source recordings, in ordinal order, alternate between half 1 (even positions) and half 2 (odd positions).
    /// </summary>
    public static bool InHalf(Esc50Clip clip, IReadOnlyList<Esc50Clip> pool, int half)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(half);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(half, 2);
        if (half == 0)
        {
            return true;
        }

        var sources = pool.Where(c => c.Category == clip.Category).Select(Source).Distinct().Order(StringComparer.Ordinal).ToList();
        return (sources.IndexOf(Source(clip)) % 2) + 1 == half;
    }

    /// <summary>The source recording of an ESC-50 file name (its second dash-separated field).</summary>
    public static string Source(Esc50Clip clip)
    {
        var parts = clip.FileName.Split('-');
        return parts.Length >= 3 ? parts[1] : clip.FileName;
    }

    /// <summary>
    /// Generates the soundscape of <paramref name="spec"/> from clips of <paramref name="folds"/> (events from the
    /// spec's half, all classes but the background's; the ambience bed from the same folds, every recording).
    /// </summary>
    public static HeldOutSoundscape Make(Esc50Dataset dataset, IReadOnlySet<int> folds, SoundscapeSpec spec, SoundscapeOptions options)
    {
        var o = OptionsFor(spec, options);
        var pool = dataset.InFolds(folds).ToList();
        IReadOnlyList<string> bed = spec.Background == Ambience ? AmbienceClasses : [];
        var clips = pool.Where(c => !bed.Contains(c.Category) && InHalf(c, pool, spec.Half))
            .Select(c => new SourceClip(c.Category, c.FileName, dataset.LoadMono16k(c))).ToList();
        var samples = (int)(o.DurationSeconds * SoundscapeGenerator.SampleRate);
        var rng = new Random(o.Seed + 7919);
        var background = bed.Count == 0
            ? NoiseGenerator.Generate(spec.Background, samples, o.BackgroundDbfs, rng)
            : SoundscapeGenerator.LoopAmbience(pool.Where(c => bed.Contains(c.Category)).Select(dataset.LoadMono16k).ToList(), samples, o.BackgroundDbfs, rng);
        return new HeldOutSoundscape(spec, SoundscapeGenerator.Generate(o, clips, background), bed.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// <paramref name="options"/> with the level and seed of <paramref name="spec"/>, validated; throws
    /// <see cref="ArgumentException"/> naming the soundscape, so a caller can check every spec before any work.
    /// </summary>
    public static SoundscapeOptions OptionsFor(SoundscapeSpec spec, SoundscapeOptions options)
    {
        var o = options with { BackgroundDbfs = spec.BackgroundDbfs, Seed = spec.Seed };
        try
        {
            o.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"soundscape {spec}: {e.Message}", e);
        }

        return o;
    }

    /// <summary>
    /// Parses <c>BACKGROUND@DBFS#SEED[/HALF]</c>, e.g. <c>pink@-42#101/1</c> (half defaults to 0). Throws
    /// <see cref="ArgumentException"/> naming the text.
    /// </summary>
    public static SoundscapeSpec Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var end = slash < 0 ? text.Length : slash;
        var half = 0;
        if (at <= 0 || hash < at
            || !double.TryParse(text[(at + 1)..hash], NumberStyles.Float, CultureInfo.InvariantCulture, out var dbfs)
            || !int.TryParse(text[(hash + 1)..end], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            || (slash >= 0 && !(int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out half) && half <= 2)))
        {
            throw new ArgumentException($"soundscape '{text}': expected BACKGROUND@DBFS#SEED[/HALF], e.g. pink@-42#101/1 (HALF 0, 1 or 2)");
        }

        var background = text[..at];
        if (background is not ("pink" or "brown" or "white" or Ambience))
        {
            throw new ArgumentException($"soundscape '{text}': background must be pink, brown, white or {Ambience}");
        }

        return new SoundscapeSpec(background, dbfs, seed, half);
    }
}
