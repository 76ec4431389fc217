using EdgeSound.Dsp.Audio;

namespace EdgeSound.Learning.Data;

/// <summary>
/// Long recordings with Audacity label tracks: <c>DIR/NAME.wav</c> with <c>DIR/NAME.txt</c> beside it. Each labelled
/// span becomes one clip, or several equal clips of at most <see cref="MaxClipSeconds"/> when it is longer (so a
/// long span is not sampled as rarely as one short clip). Stretches no label covers are not used: they may hold
/// events nobody labelled; label them <c>background</c> to teach the model what is nothing. Every clip of one
/// recording gets the recording's fold (<see cref="SourceFolds"/>). A WAV without a label track, a label track
/// without a WAV, a folder (not read), a label track holding no label, every unreadable label and a span starting at or after the end
/// of its recording are listed as problems. A span ending more than <see cref="DatasetAudio.EndTolerance"/> past the
/// recording's end (from its WAV header) is trimmed to the recording before it is cut into clips, with one warning
/// naming the track, line and span (<see cref="Warnings"/>); so is a span overlapping another as used (<see cref="AudacityLabelTrack.Overlaps"/>).
/// </summary>
public sealed class LabelTrackDataset : ILabeledDataset
{
    /// <summary>Longest clip cut from one span: an ESC-50 clip's length.</summary>
    public const double MaxClipSeconds = 5.0;

    private LabelTrackDataset(string location, IReadOnlyList<string> labels, IReadOnlyList<DatasetItem> items, IReadOnlyList<DatasetProblem> problems,
        IReadOnlyList<DatasetProblem> warnings)
    {
        Warnings = warnings;
        Location = location;
        Labels = labels;
        Items = items;
        Problems = problems;
    }

    public string Location { get; }

    public string Layout => "recordings with Audacity label tracks (NAME.wav + NAME.txt)";

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public IReadOnlyList<DatasetProblem> Problems { get; }

    public IReadOnlyList<DatasetProblem> Warnings { get; }

    /// <summary>True when some WAV in <paramref name="dir"/> has a .txt of the same name beside it.</summary>
    public static bool Matches(string dir) =>
        Directory.EnumerateFiles(dir).Where(DatasetFiles.IsWav).Any(w => File.Exists(Path.ChangeExtension(w, ".txt")));

    public static LabelTrackDataset Open(string dir)
    {
        var items = new List<DatasetItem>();
        var problems = new List<DatasetProblem>();
        var warnings = new List<DatasetProblem>();
        string[] files = [.. DatasetFiles.Sorted(Directory.EnumerateFiles(dir))];
        foreach (string folder in DatasetFiles.Sorted(Directory.EnumerateDirectories(dir)).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            problems.Add(new DatasetProblem(folder, "a folder beside label tracks: not read (a folder of clips per class is a layout of its own; give it as another --data)"));
        }

        foreach (string file in files)
        {
            string extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension == ".txt")
            {
                if (!files.Any(f => DatasetFiles.IsWav(f) && Path.ChangeExtension(f, ".txt") == file))
                {
                    problems.Add(new DatasetProblem(file, "label track without a WAV of the same name"));
                }

                continue;
            }

            if (!DatasetFiles.IsWav(file))
            {
                problems.Add(new DatasetProblem(file, "neither a WAV recording nor its label track (.txt)"));
                continue;
            }

            string track = Path.ChangeExtension(file, ".txt");
            if (!File.Exists(track))
            {
                problems.Add(new DatasetProblem(file, $"no label track beside it (expected {Path.GetFileName(track)})"));
                continue;
            }

            (IReadOnlyList<TrackLabel> labels, IReadOnlyList<DatasetProblem> trackProblems) = AudacityLabelTrack.Read(track);
            problems.AddRange(trackProblems);
            if (labels.Count == 0 && trackProblems.Count == 0)
            {
                problems.Add(new DatasetProblem(track, $"label track holds no label (empty, or frequency ranges only): {Path.GetFileName(file)} is not used"));
            }

            string name = Path.GetFileName(file);
            string source = SourceFolds.SourceOf(name);
            int fold = SourceFolds.FoldOf(source);
            double? duration = RecordingSeconds(file);
            var used = new List<TrackLabel>();
            foreach (TrackLabel label in labels)
            {
                string where = $"{track} line {label.Line}";
                string span = $"span {AudacityLabelTrack.Format(label.Start)}-{AudacityLabelTrack.Format(label.End)} s ('{label.Label}')";
                double end = label.End;
                if (duration is { } length && label.Start >= length)
                {
                    problems.Add(new DatasetProblem(where, $"{span} starts at or after the end of {name} (length {AudacityLabelTrack.Format(length)} s)"));
                    continue;
                }

                if (duration is { } recording && end > recording + DatasetAudio.EndTolerance)
                {
                    end = recording;
                    warnings.Add(new DatasetProblem(where, $"{span} ends past the end of {name} (length {AudacityLabelTrack.Format(recording)} s): "
                        + $"trimmed to {AudacityLabelTrack.Format(label.Start)}-{AudacityLabelTrack.Format(recording)} s"));
                }

                used.Add(label with { End = end });
                foreach (AudioSegment piece in Pieces(label.Start, end))
                {
                    string clipName = $"{name}@{AudacityLabelTrack.Format(piece.Start)}-{AudacityLabelTrack.Format(piece.End)}";
                    items.Add(new DatasetItem(clipName, file, label.Label, fold, source, piece));
                }
            }

            warnings.AddRange(AudacityLabelTrack.Overlaps(track, used));
        }

        return new LabelTrackDataset(dir, DatasetFiles.LabelsOf(items), items, problems, warnings);
    }

    /// <summary>The recording's length in seconds from its WAV header (no more than the file holds), or null when the header cannot be read or gives no length (the loader then names the fault).</summary>
    private static double? RecordingSeconds(string wav)
    {
        try
        {
            using var reader = WavStreamReader.Open(wav);
            long stored = (new FileInfo(wav).Length - reader.Header.DataOffset) / reader.Format.BlockAlign;
            return reader.FrameCount is { } frames ? (double)Math.Min(frames, stored) / reader.SampleRate : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The span cut into ceil(length / <see cref="MaxClipSeconds"/>) equal pieces.</summary>
    public static IReadOnlyList<AudioSegment> Pieces(double start, double end)
    {
        int count = Math.Max(1, (int)Math.Ceiling((end - start) / MaxClipSeconds - 1e-9));
        double length = (end - start) / count;
        var pieces = new AudioSegment[count];
        for (int i = 0; i < count; i++)
        {
            pieces[i] = new AudioSegment(start + i * length, i == count - 1 ? end : start + (i + 1) * length);
        }

        return pieces;
    }
}
