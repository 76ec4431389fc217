using System.Globalization;
using System.Text;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Trainer.Report;

namespace EdgeSound.Trainer.Cues;

/// <summary>One class's row of the cue page: the cue, the files written for it (names relative to the page) and,
/// when a model was given, the class the model hears in the cue.</summary>
public sealed record CuePageRow(ClassCue Cue, string WavFile, string MidiFile, string PatternFile, double NearestDistance, string? HeardAs, double HeardScore);

/// <summary>
/// The cue page (<c>index.html</c>): a player per class cue, its pattern, the class profile it came from and its distance
/// to the nearest other cue. The audio elements play the WAV files written beside the page; everything else (style
/// included) is inline.
/// </summary>
public static class CuePage
{
    private const string Style =
        "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}" +
        "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:middle}th{background:#f2f2f2}" +
        "code{font-size:12px}td.n{text-align:right}audio{height:28px;width:220px}";

    /// <summary>The page's HTML.</summary>
    public static string Build(CueSet set, IReadOnlyList<CuePageRow> rows, bool withModel)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(rows);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>EdgeSound class cues</title><style>")
            .Append(Style).Append("</style></head><body>\n<h1>EdgeSound class cues</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>{rows.Count} cues, {ClassCueComposer.LengthBeats} beats each. Smallest distance between two cues: {set.SmallestDistance:0.000} ({Esc(set.NearestA)} / {Esc(set.NearestB)}); floor {ClassCueComposer.DistanceFloor:0.00}.</p>\n");
        html.Append("<table><tr><th>class</th><th>clips</th><th>tempo</th><th>key</th><th>centroid</th><th>flatness</th><th>cue</th><th>pattern</th><th>files</th><th>nearest</th>");
        html.Append(withModel ? "<th>model hears</th></tr>\n" : "</tr>\n");
        foreach (CuePageRow row in rows)
        {
            ClassProfile c = row.Cue.Class;
            ComposerInputs i = row.Cue.Inputs;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(c.Label)}</td><td class=\"n\">{c.Clips}</td><td class=\"n\">{i.Tempo:0}</td><td>{i.KeyName} {i.Mode.ToString().ToLowerInvariant()}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{c.Profile.CentroidHz:0} Hz</td><td class=\"n\">{c.Profile.Flatness:0.000}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><audio controls preload=\"none\" src=\"{Esc(row.WavFile)}\"></audio></td><td><code>{Esc(row.Cue.Pattern.ToText())}</code></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><a href=\"{Esc(row.WavFile)}\">wav</a> <a href=\"{Esc(row.MidiFile)}\">mid</a> <a href=\"{Esc(row.PatternFile)}\">txt</a></td><td class=\"n\">{row.NearestDistance:0.000}</td>");
            html.Append(withModel ? string.Create(CultureInfo.InvariantCulture, $"<td>{Esc(row.HeardAs ?? "")} {row.HeardScore:0.00}</td></tr>\n") : "</tr>\n");
        }

        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    private static string Esc(string text) => HtmlReport.Escape(text);
}
