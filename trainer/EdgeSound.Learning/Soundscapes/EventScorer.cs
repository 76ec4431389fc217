using EdgeSound.Inference;
using EdgeSound.Dsp.Files;
using System.Globalization;
using System.Text.Json;

namespace EdgeSound.Learning.Soundscapes;

/// <summary>A detection read back from the daemon's event lines.</summary>
public sealed record EventDetection(string Label, double Start, double End, double Score);

/// <summary>Per-label counts.</summary>
public sealed record LabelScore(string Label, int Truth, int Detected, int Matched);

/// <summary>
/// Event-based scores. <see cref="Precision"/>: detections that match a ground-truth event of the same label;
/// <see cref="Recall"/>: ground-truth events matched; <see cref="F1"/>: 2 matched / (detections + ground-truth events);
/// <see cref="AnyLabelRecall"/>: ground-truth events overlapped by a detection of any label. Onset latency: detection
/// start minus true onset (median and 90th percentile); report delay: detection end (when the daemon reports it) minus
/// true onset. Background false alarms: detections that overlap no ground-truth event at all (what a user hears as "it
/// alerted on nothing"); the other false alarms are real events given the wrong label. A ratio over nothing (precision
/// without detections, recall without ground-truth events, F1 without either, a latency without a match) is
/// undefined: null, never 0/0 read as 1 or NaN. A soundscape of background alone still measures its false alarms.
/// </summary>
public sealed record EventScores(
    int Truth,
    int Detections,
    int Matched,
    int FalseAlarms,
    double? Precision,
    double? Recall,
    double? F1,
    double? AnyLabelRecall,
    double? MedianOnsetLatency,
    double? P90OnsetLatency,
    double? MedianReportDelay,
    double FalseAlarmsPerHour,
    int BackgroundFalseAlarms,
    double BackgroundFalseAlarmsPerHour,
    IReadOnlyList<SnrRecall> RecallBySnr,
    IReadOnlyList<LabelScore> PerLabel);

/// <summary>Recall of the ground-truth events whose SNR lies in [<see cref="MinDb"/>, <see cref="MaxDb"/>) (null: none there).</summary>
public sealed record SnrRecall(double MinDb, double MaxDb, int Truth, int Matched)
{
    public double? Recall => EventScorer.Ratio(Matched, Truth);
}

public static class EventScorer
{
    /// <summary>
    /// Matches each detection (in start order) to the earliest unmatched ground-truth event of its label whose span,
    /// widened by <paramref name="collar"/> seconds on both sides, overlaps the detection. Detections whose label is in
    /// <paramref name="ignore"/> (e.g. the background's own class) are left out.
    /// </summary>
    public static EventScores Score(IReadOnlyList<SoundscapeEvent> truth, IReadOnlyList<EventDetection> detections, double durationSeconds, double collar = 0.5, IReadOnlySet<string>? ignore = null)
    {
        var dets = detections.Where(d => ignore is null || !ignore.Contains(d.Label)).OrderBy(d => d.Start).ToList();
        var matchedTruth = new bool[truth.Count];
        var onset = new List<double>();
        var delay = new List<double>();
        var matched = 0;
        var perLabelMatched = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in dets)
        {
            for (var i = 0; i < truth.Count; i++)
            {
                var t = truth[i];
                if (matchedTruth[i] || t.Label != d.Label || d.End < t.Onset - collar || d.Start > t.Offset + collar)
                {
                    continue;
                }

                matchedTruth[i] = true;
                matched++;
                onset.Add(d.Start - t.Onset);
                delay.Add(d.End - t.Onset);
                perLabelMatched[d.Label] = perLabelMatched.GetValueOrDefault(d.Label) + 1;
                break;
            }
        }

        var any = 0;
        foreach (var t in truth)
        {
            if (dets.Any(d => d.End >= t.Onset - collar && d.Start <= t.Offset + collar))
            {
                any++;
            }
        }

        var background = dets.Count(d => !truth.Any(t => d.End >= t.Onset - collar && d.Start <= t.Offset + collar));
        var bySnr = new List<SnrRecall>();
        for (var lo = 0.0; lo < 30; lo += 5)
        {
            var inBucket = Enumerable.Range(0, truth.Count).Where(i => truth[i].SnrDb >= lo && truth[i].SnrDb < lo + 5).ToList();
            if (inBucket.Count > 0)
            {
                bySnr.Add(new SnrRecall(lo, lo + 5, inBucket.Count, inBucket.Count(i => matchedTruth[i])));
            }
        }

        var labels = truth.Select(t => t.Label).Concat(dets.Select(d => d.Label)).Distinct().Order(StringComparer.Ordinal);
        var perLabel = labels.Select(l => new LabelScore(l, truth.Count(t => t.Label == l), dets.Count(d => d.Label == l), perLabelMatched.GetValueOrDefault(l))).ToList();
        return new EventScores(truth.Count, dets.Count, matched, dets.Count - matched,
            Ratio(matched, dets.Count), Ratio(matched, truth.Count), Ratio(2 * matched, dets.Count + truth.Count), Ratio(any, truth.Count),
            Percentile(onset, 0.5), Percentile(onset, 0.9), Percentile(delay, 0.5),
            (dets.Count - matched) / Math.Max(durationSeconds / 3600, 1e-9),
            background, background / Math.Max(durationSeconds / 3600, 1e-9), bySnr, perLabel);
    }

    /// <summary>
    /// Reads the daemon's JSON event lines (<c>label</c>, <c>start_s</c> and <c>end_s</c> in seconds from the start of
    /// the stream, <c>score</c> in 0..1); blank lines are skipped. With <paramref name="durationSeconds"/> (the
    /// soundscape's length) an event must start within it: one that starts later belongs to another recording.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A line is not a JSON object, a key is missing, the label is not a non-empty string, a time is not finite or is
    /// negative, <c>start_s</c> is not before the duration, <c>end_s</c> is before <c>start_s</c>, or the score is
    /// outside 0..1; the message names the file, the line and the key.
    /// </exception>
    public static List<EventDetection> ReadEventLines(string path, double durationSeconds = double.PositiveInfinity) =>
        ReadEventLines(path, durationSeconds, out _);

    /// <inheritdoc cref="ReadEventLines(string, double)"/>
    /// <param name="path">the event lines.</param>
    /// <param name="durationSeconds">the soundscape's length.</param>
    /// <param name="repeatedLines">
    /// how many lines repeat an earlier line exactly (each still read as a detection): the daemon's <c>--events FILE</c>
    /// appends, so a second run over the same soundscape repeats every line.
    /// </param>
    public static List<EventDetection> ReadEventLines(string path, double durationSeconds, out int repeatedLines)
    {
        var result = new List<EventDetection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        repeatedLines = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!seen.Add(line))
            {
                repeatedLines++;
            }

            var where = $"{path}: line {n}";
            JsonDocument doc;
            try
            {
                doc = StrictJson.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}: not an event line ({e.Message})", e);
            }

            using (doc)
            {
                try
                {
                    result.Add(ReadEvent(doc.RootElement, where, durationSeconds));
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidDataException($"{where}: a string is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)", e);
                }
            }
        }

        return result;
    }

    private static EventDetection ReadEvent(JsonElement r, string where, double durationSeconds)
    {
        const string Seconds = "not a finite number of seconds >= 0";
        var label = JsonFields.Text(r, "label", where);
        var start = JsonFields.Number(r, "start_s", where, 0, double.MaxValue, Seconds);
        if (start >= durationSeconds)
        {
            throw JsonFields.Refuse(where, "start_s", r.GetProperty("start_s"),
                string.Create(CultureInfo.InvariantCulture, $"not a time within the soundscape's {durationSeconds} s (the events of another recording?)"));
        }

        var end = JsonFields.Number(r, "end_s", where, 0, double.MaxValue, Seconds);
        if (end < start)
        {
            throw JsonFields.Refuse(where, "end_s", r.GetProperty("end_s"), $"before \"start_s\" {r.GetProperty("start_s").GetRawText()}");
        }

        var score = JsonFields.Number(r, "score", where, 0, 1, "not a score in 0..1");
        return new EventDetection(label, start, end, score);
    }

    /// <summary><paramref name="count"/> / <paramref name="of"/>, or null (undefined) when <paramref name="of"/> is 0.</summary>
    public static double? Ratio(int count, int of) => of == 0 ? null : count / (double)of;

    /// <summary>A score or latency in a JSON report: four decimals, or null when undefined.</summary>
    public static double? Round(double? v) => v is { } x ? Math.Round(x, 4) : null;

    /// <summary>A score or latency in the text report: three decimals, or <c>n/a</c> when undefined.</summary>
    public static string Format(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}
