using System.Globalization;

namespace EdgeSound.Learning.Data;

/// <summary>One region of an Audacity label track: seconds from the start of the recording and the label text.</summary>
public sealed record TrackLabel(int Line, double Start, double End, string Label);

/// <summary>
/// Reads Audacity's exported label track (File > Export > Labels): one label per line, <c>start TAB end TAB label</c>
/// in seconds with a decimal point. Lines starting with a backslash carry a label's frequency range
/// (spectral selection) and are ignored. Lines that cannot be read (a time that is not a finite number of seconds
/// from 0 to <see cref="MaxSeconds"/> included) are returned as problems naming the line.
/// </summary>
public static class AudacityLabelTrack
{
    /// <summary>Latest time a label may name, seconds (11.6 days): a larger one is a typo, not a recording.</summary>
    public const double MaxSeconds = 1e6;

    public static (IReadOnlyList<TrackLabel> Labels, IReadOnlyList<DatasetProblem> Problems) Read(string path)
    {
        var labels = new List<TrackLabel>();
        var problems = new List<DatasetProblem>();
        string[] lines = File.ReadAllLines(path);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('\\'))
            {
                continue;
            }

            string where = $"{path} line {n + 1}";
            string[] cells = line.Split('\t');
            if (cells.Length < 3)
            {
                problems.Add(new DatasetProblem(where, $"expected 'start<TAB>end<TAB>label' in seconds, found '{line}'"));
                continue;
            }

            bool startRead = TryParseSeconds(cells[0], out double start);
            if (!startRead || !TryParseSeconds(cells[1], out double end))
            {
                string time = (startRead ? cells[1] : cells[0]).Trim();
                string reason = double.TryParse(time, NumberStyles.Float, CultureInfo.InvariantCulture, out double big) && big > MaxSeconds
                    ? $"is more than {MaxSeconds:0} s (11.6 days), longer than any recording"
                    : "is not seconds from the recording's start (a number >= 0 with a decimal point)";
                problems.Add(new DatasetProblem(where, $"time '{time}' {reason}, found '{line}'"));
                continue;
            }

            string label = string.Join('\t', cells[2..]).Trim();
            if (label.Length == 0)
            {
                problems.Add(new DatasetProblem(where, $"span {Format(start)}-{Format(end)} s has an empty label"));
            }
            else if (!(end > start))
            {
                problems.Add(new DatasetProblem(where, $"empty span {Format(start)}-{Format(end)} s ('{label}'): the end must be after the start"));
            }
            else if (labels.Find(l => l.Start == start && l.End == end && l.Label == label) is { } twin)
            {
                problems.Add(new DatasetProblem(where, $"span {Format(start)}-{Format(end)} s ('{label}') repeats line {twin.Line}: one clip in two rows would count twice"));
            }
            else
            {
                labels.Add(new TrackLabel(n + 1, start, end, label));
            }
        }

        return (labels, problems);
    }

    internal static string Format(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static bool TryParseSeconds(string text, out double seconds) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && double.IsFinite(seconds) && seconds is >= 0 and <= MaxSeconds;
}
