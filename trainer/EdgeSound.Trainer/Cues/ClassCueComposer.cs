using System.Text;
using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Trainer.Cues;

/// <summary>A class's cue: its profile, the composer inputs drawn from it, the pattern, the rendered cue's own profile
/// and the seed that was kept.</summary>
public sealed record ClassCue(ClassProfile Class, ComposerInputs Inputs, CuePattern Pattern, float[] Samples, SoundProfile CueProfile);

/// <summary>The cues of all classes and the closest pair (by <see cref="SoundProfile.DistanceTo"/> on the cues' own profiles).</summary>
public sealed record CueSet(IReadOnlyList<ClassCue> Cues, double SmallestDistance, string NearestA, string NearestB);

/// <summary>
/// One cue per class from its measured profile. Composer inputs: tempo = the class's median tempo clamped to
/// <see cref="MinCueTempo"/>..<see cref="MaxCueTempo"/> (onset rate × 60 when no clip had a tempo); key and mode from the
/// class chroma (<see cref="KeyFinder"/>); brightness and noisiness = the class's rank among the classes by spectral
/// centroid and by flatness, scaled to 0..1 (ESC-50's classes crowd into 1-3 kHz and flatness 0.25-0.75, so absolute
/// mappings would give most classes the same register and waveform; ranks spread them over all of them);
/// <see cref="LengthBeats"/> beats; seed from the label.
/// Distinctness: each cue, in class order, is re-composed with the next seed (up to <see cref="MaxAttempts"/> seeds) until
/// its rendered profile lies at least <see cref="DistanceFloor"/> from every earlier cue; failing that, the farthest
/// attempt is kept and the set's smallest distance shows it.
/// </summary>
public static class ClassCueComposer
{
    /// <summary>Smallest accepted distance between two classes' cues (units of <see cref="SoundProfile.DistanceTo"/>).</summary>
    public const double DistanceFloor = 0.5;

    /// <summary>Cue length, beats.</summary>
    public const int LengthBeats = 8;

    /// <summary>Seeds tried per class.</summary>
    public const int MaxAttempts = 24;

    /// <summary>Tempo range of class cues, BPM.</summary>
    public const double MinCueTempo = 70, MaxCueTempo = 170;

    /// <summary>Composer inputs for a class profile, its brightness and noisiness ranks (0..1) and a seed.</summary>
    public static ComposerInputs InputsFor(SoundProfile profile, double brightness, double noisiness, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        double tempo = profile.TempoBpm ?? (60 * profile.OnsetsPerSecond);
        (int key, Mode mode) = KeyFinder.Find(profile.Chroma);
        return new ComposerInputs(Math.Round(Math.Clamp(tempo, MinCueTempo, MaxCueTempo)), key, mode, Math.Round(brightness, 2), Math.Round(noisiness, 2), LengthBeats, seed);
    }

    /// <summary>Rank of each value among all (ties share the lower rank) scaled to 0..1; 0.5 for a single value.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Select(v => values.Count == 1 ? 0.5 : (double)values.Count(o => o < v) / (values.Count - 1)).ToArray();
    }

    /// <summary>Composes, renders (at <see cref="ProfileMeter.SampleRate"/>) and measures one cue per class.</summary>
    public static CueSet Compose(IReadOnlyList<ClassProfile> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var meter = new ProfileMeter();
        var cues = new List<ClassCue>();
        double[] brightness = Ranks(classes.Select(c => c.Profile.CentroidHz).ToList());
        double[] noisiness = Ranks(classes.Select(c => c.Profile.Flatness).ToList());
        for (int k = 0; k < classes.Count; k++)
        {
            ClassProfile c = classes[k];
            ClassCue? best = null;
            double bestDistance = double.NegativeInfinity;
            for (int attempt = 0; attempt < MaxAttempts && bestDistance < DistanceFloor; attempt++)
            {
                ComposerInputs inputs = InputsFor(c.Profile, brightness[k], noisiness[k], SeedOf(c.Label) + attempt);
                CuePattern pattern = CueComposer.Compose(inputs);
                float[] samples = CueRenderer.Render(pattern, ProfileMeter.SampleRate);
                var cue = new ClassCue(c, inputs, pattern, samples, meter.Measure(samples));
                double nearest = cues.Count == 0 ? double.PositiveInfinity : cues.Min(other => other.CueProfile.DistanceTo(cue.CueProfile));
                if (nearest > bestDistance)
                {
                    best = cue;
                    bestDistance = nearest;
                }
            }

            cues.Add(best!);
        }

        (double smallest, string a, string b) = (double.PositiveInfinity, "", "");
        for (int i = 0; i < cues.Count; i++)
        {
            for (int j = i + 1; j < cues.Count; j++)
            {
                double d = cues[i].CueProfile.DistanceTo(cues[j].CueProfile);
                if (d < smallest)
                {
                    (smallest, a, b) = (d, cues[i].Class.Label, cues[j].Class.Label);
                }
            }
        }

        return new CueSet(cues, smallest, a, b);
    }

    /// <summary>A stable seed from a label (FNV-1a of its UTF-8 bytes; string.GetHashCode differs per process).</summary>
    public static int SeedOf(string label)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(label))
        {
            hash = (hash ^ b) * 16777619;
        }

        return (int)(hash & 0x7FFFFFF);
    }
}
