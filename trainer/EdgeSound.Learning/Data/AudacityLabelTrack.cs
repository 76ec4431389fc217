using System.Globalization;

namespace EdgeSound.Learning.Data;

/// <summary>One region of an Audacity label track: seconds from the start of the recording and the label text.</summary>
public sealed record TrackLabel(int Line, double Start, double End, string Label);

/// <summary>
/// Reads Audacity's exported label track (File > Export > Labels): one label per line, <c>start TAB end TAB label</c>
/// in seconds with a decimal point. Lines starting with a backslash carry a label's frequency range
/// (spectral selection) and are ignored. A span repeated on another line (with its label or another) is a problem
/// naming both lines, as the same clip in two manifest rows is. Lines that cannot be read (a time that is not a finite number of seconds
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
            else if (labels.Find(l => l.Start == start && l.End == end) is { } twin)
            {
                problems.Add(new DatasetProblem(where, twin.Label == label
                    ? $"span {Format(start)}-{Format(end)} s ('{label}') repeats line {twin.Line}: one clip in two rows would count twice"
                    : $"span {Format(start)}-{Format(end)} s ('{label}') is the span of line {twin.Line} ('{twin.Label}'): one clip cannot be two classes"));
            }
            else
            {
                labels.Add(new TrackLabel(n + 1, start, end, label));
            }
        }

        return (labels, problems);
    }

    /// <summary>
    /// One warning per span that overlaps an earlier-starting span of the track (the one reaching furthest), naming both
    /// lines and the seconds shared: that stretch of the recording is trained twice, and as two classes when the labels differ.
    /// </summary>
    public static IReadOnlyList<DatasetProblem> Overlaps(string path, IReadOnlyList<TrackLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var warnings = new List<DatasetProblem>();
        TrackLabel? furthest = null;
        foreach (TrackLabel label in labels.OrderBy(l => l.Start).ThenBy(l => l.Line))
        {
            if (furthest is not null && label.Start < furthest.End)
            {
                double shared = Math.Min(label.End, furthest.End) - label.Start;
                string classes = label.Label == furthest.Label ? "" : $", as '{furthest.Label}' and as '{label.Label}'";
                warnings.Add(new DatasetProblem($"{path} line {label.Line}",
                    $"span {Format(label.Start)}-{Format(label.End)} s ('{label.Label}') overlaps line {furthest.Line} "
                    + $"({Format(furthest.Start)}-{Format(furthest.End)} s, '{furthest.Label}') by {Format(shared)} s: that stretch is trained twice{classes}"));
            }

            if (furthest is null || label.End > furthest.End)
            {
                furthest = label;
            }
        }

        return warnings;
    }

    internal static string Format(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static bool TryParseSeconds(string text, out double seconds) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && double.IsFinite(seconds) && seconds is >= 0 and <= MaxSeconds;
}
