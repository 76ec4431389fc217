using EdgeSound.Learning.Data;
using EdgeSound.Trainer.Analysis;

namespace EdgeSound.Trainer.Cues;

/// <summary>A class and its measured profile over <paramref name="Clips"/> clips.</summary>
public sealed record ClassProfile(string Label, SoundProfile Profile, int Clips);

/// <summary>
/// Measures every selected clip of a dataset (two threads, one <see cref="ProfileMeter"/> each, clips streamed rather
/// than held) and summarises each class: median tempo over the clips that have one, median onset rate, centroid and
/// flatness, and the mean of the clips' chroma re-normalised to a maximum of 1.
/// </summary>
public static class ClassProfiles
{
    /// <summary>Profiles of every class with at least one readable clip, in target order; unreadable clips are
    /// listed in <paramref name="skipped"/> (file: reason).</summary>
    public static IReadOnlyList<ClassProfile> Measure(Esc50Dataset dataset, IReadOnlyList<Esc50Clip> clips, TextWriter log, List<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(clips);
        var profiles = new SoundProfile?[clips.Count];
        var problems = new string?[clips.Count];
        var bar = new ProgressBar(log, "profiles", clips.Count);
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, () => new ProfileMeter(), (i, _, meter) =>
        {
            try
            {
                profiles[i] = meter.Measure(dataset.LoadMono16k(clips[i]));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems[i] = $"{dataset.AudioPath(clips[i])}: {e.Message}";
            }

            bar.Advance();
            return meter;
        }, _ => { });
        bar.Finish();
        skipped.AddRange(problems.OfType<string>());

        return clips.Select((clip, i) => (clip, profile: profiles[i]))
            .Where(p => p.profile is not null)
            .GroupBy(p => p.clip.Target)
            .OrderBy(g => g.Key)
            .Select(g => new ClassProfile(g.First().clip.Category, Summarise(g.Select(p => p.profile!).ToList()), g.Count()))
            .ToList();
    }

    /// <summary>One profile standing for several (see the type's summary).</summary>
    public static SoundProfile Summarise(IReadOnlyList<SoundProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            throw new ArgumentException("no profiles to summarise", nameof(profiles));
        }

        var chroma = new double[12];
        foreach (SoundProfile p in profiles)
        {
            for (int i = 0; i < 12; i++)
            {
                chroma[i] += p.Chroma[i];
            }
        }

        double peak = chroma.Max();
        for (int i = 0; i < 12 && peak > 0; i++)
        {
            chroma[i] /= peak;
        }

        double[] tempi = profiles.Where(p => p.TempoBpm is not null).Select(p => p.TempoBpm!.Value).ToArray();
        return new SoundProfile(
            tempi.Length > 0 ? ProfileMeter.Median(tempi) : null,
            ProfileMeter.Median(profiles.Select(p => p.OnsetsPerSecond).ToArray()),
            chroma,
            ProfileMeter.Median(profiles.Select(p => p.CentroidHz).ToArray()),
            ProfileMeter.Median(profiles.Select(p => p.Flatness).ToArray()));
    }
}
