using System.Text.Json;
using System.Text;
using EdgeSound.Dsp.Audio;
using EdgeSound.Inference;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Trainer.Cues;

/// <summary>
/// Writes a <see cref="CueSet"/> to a folder: per class <c>&lt;label&gt;.txt</c> (the pattern), <c>.wav</c> (16-bit,
/// 16 kHz) and <c>.mid</c> (format 0); <c>index.html</c> (<see cref="CuePage"/>); <c>cues.json</c> with the profiles,
/// patterns, each cue's nearest distance and the set's smallest distance. With a model, each cue is also run through the
/// device's clip decision and the top class and its score recorded, so a cue that the model would report as an event
/// shows on the page.
/// </summary>
public static class CueFiles
{
    /// <summary>Writes everything into <paramref name="dir"/> (created); returns the page rows.</summary>
    public static IReadOnlyList<CuePageRow> Write(CueSet set, string dir, SoundClassifier? model)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(dir);
        var rows = new List<CuePageRow>();
        foreach (ClassCue cue in set.Cues)
        {
            string stem = FileStem(cue.Class.Label);
            AtomicFile.WriteAllText(Path.Combine(dir, stem + ".txt"), cue.Pattern.ToText() + "\n");
            AtomicFile.Write(Path.Combine(dir, stem + ".wav"), stream => WavWriter.WritePcm16(stream, cue.Samples, ProfileMeter.SampleRate));
            MidiExport.Write(cue.Pattern, Path.Combine(dir, stem + ".mid"));
            double nearest = set.Cues.Where(o => !ReferenceEquals(o, cue)).Select(o => o.CueProfile.DistanceTo(cue.CueProfile)).DefaultIfEmpty(double.NaN).Min();
            (string? heard, double score) = model is null ? (null, 0.0) : TopClass(model, cue.Samples);
            rows.Add(new CuePageRow(cue, stem + ".wav", stem + ".mid", stem + ".txt", nearest, heard, score));
        }

        AtomicFile.WriteAllText(Path.Combine(dir, "index.html"), CuePage.Build(set, rows, model is not null));
        AtomicFile.WriteAllText(Path.Combine(dir, "cues.json"), Json(set, rows));
        return rows;
    }

    /// <summary>A label as a file name: characters outside [A-Za-z0-9_-] become '_'.</summary>
    public static string FileStem(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var stem = new StringBuilder(label.Length);
        foreach (char c in label)
        {
            stem.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return stem.Length == 0 ? "_" : stem.ToString();
    }

    private static (string Label, double Score) TopClass(SoundClassifier model, float[] samples)
    {
        float[] scores = ClipClassifier.Classify(model, Pcm.ToInt16(samples));
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return (model.Labels[best], scores[best]);
    }

    private static string Json(CueSet set, IReadOnlyList<CuePageRow> rows)
    {
        var document = new
        {
            smallest_distance = Finite(set.SmallestDistance),
            nearest_pair = new[] { set.NearestA, set.NearestB },
            distance_floor = ClassCueComposer.DistanceFloor,
            cues = rows.Select(r => new
            {
                label = r.Cue.Class.Label,
                clips = r.Cue.Class.Clips,
                profile = Profile(r.Cue.Class.Profile),
                inputs = new
                {
                    tempo = r.Cue.Inputs.Tempo,
                    key = r.Cue.Inputs.KeyName,
                    mode = r.Cue.Inputs.Mode.ToString().ToLowerInvariant(),
                    brightness = r.Cue.Inputs.Brightness,
                    noisiness = r.Cue.Inputs.Noisiness,
                    length_beats = r.Cue.Inputs.LengthBeats,
                    seed = r.Cue.Inputs.Seed,
                },
                pattern = r.Cue.Pattern.ToText(),
                cue_profile = Profile(r.Cue.CueProfile),
                nearest_distance = Finite(r.NearestDistance),
                heard_as = r.HeardAs,
                heard_score = r.HeardAs is null ? (double?)null : r.HeardScore,
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>JSON has no NaN or infinity: a set of one cue has no distances.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static object Profile(SoundProfile p) => new
    {
        tempo_bpm = p.TempoBpm,
        onsets_per_second = Math.Round(p.OnsetsPerSecond, 3),
        chroma = p.Chroma.Select(v => Math.Round(v, 3)).ToArray(),
        centroid_hz = Math.Round(p.CentroidHz, 1),
        flatness = Math.Round(p.Flatness, 4),
    };
}
