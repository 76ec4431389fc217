using System.Net;
using System.Text;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// A single self-contained HTML page: inline CSS, escaped text, and each chart an SVG document embedded as a
/// data: URI image (one document per chart, so the ids ScottPlot gives clip paths and images never collide). It
/// references nothing outside itself (no links, scripts or fonts), so it opens offline and can be mailed as one file.
/// </summary>
public sealed class HtmlReport
{
    private const string Style =
        "body{font-family:sans-serif;margin:24px;color:#222;max-width:1500px}" +
        "h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}" +
        "table{border-collapse:collapse;margin:8px 0;font-size:13px}" +
        "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f2f2f2}" +
        "td.text,th.text{text-align:left}" +
        "figure{margin:8px 0}figcaption{font-size:12px;color:#555}" +
        ".grid{display:flex;flex-wrap:wrap;gap:8px}.note{font-size:12px;color:#555}img{max-width:100%}";

    private readonly string _title;
    private readonly StringBuilder _body = new();

    public HtmlReport(string title) => _title = title;

    public HtmlReport Heading(string text, int level = 2)
    {
        level = Math.Clamp(level, 1, 4);
        _body.Append("<h").Append(level).Append('>').Append(Escape(text)).Append("</h").Append(level).Append(">\n");
        return this;
    }

    public HtmlReport Paragraph(string text, bool note = false)
    {
        _body.Append(note ? "<p class=\"note\">" : "<p>").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>One chart (SVG text from this folder's chart types) with an optional caption.</summary>
    public HtmlReport Figure(string svg, string? caption = null)
    {
        _body.Append("<figure>").Append(Image(svg, caption));
        if (caption is not null) _body.Append("<figcaption>").Append(Escape(caption)).Append("</figcaption>");
        _body.Append("</figure>\n");
        return this;
    }

    /// <summary>Several small charts side by side, wrapping.</summary>
    public HtmlReport Grid(IEnumerable<string> svgs)
    {
        _body.Append("<div class=\"grid\">");
        foreach (var s in svgs) _body.Append(Image(s, null));
        _body.Append("</div>\n");
        return this;
    }

    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var materialized = rows.ToList();
        foreach (var row in materialized)
            if (row.Count != header.Count)
                throw new ArgumentException($"Table row has {row.Count} cells but the header has {header.Count}.");
        // A column whose cells are all numbers (or n/a, -) is right-aligned; any other column is left-aligned.
        var numeric = new bool[header.Count];
        for (int c = 0; c < header.Count; c++) numeric[c] = materialized.Count > 0 && materialized.All(r => IsNumber(r[c]));
        _body.Append("<table><thead><tr>");
        for (int c = 0; c < header.Count; c++)
            _body.Append(numeric[c] ? "<th>" : "<th class=\"text\">").Append(Escape(header[c])).Append("</th>");
        _body.Append("</tr></thead><tbody>");
        foreach (var row in materialized)
        {
            _body.Append("<tr>");
            for (int c = 0; c < row.Count; c++)
                _body.Append(numeric[c] ? "<td>" : "<td class=\"text\">").Append(Escape(row[c])).Append("</td>");
            _body.Append("</tr>");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    private static bool IsNumber(string cell)
    {
        string t = cell.Trim().TrimEnd('%');
        return t is "-" or "n/a" || double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    public string Render() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Escape(_title) +
        "</title><style>" + Style + "</style></head><body>\n<h1>" + Escape(_title) + "</h1>\n" +
        _body + "</body></html>\n";

    /// <summary>HTML-escapes text for element content and attribute values (System.Net.WebUtility).</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The prefix of every embedded chart's src attribute.</summary>
    public const string SvgDataUri = "data:image/svg+xml;base64,";

    private static string Image(string svg, string? alt) =>
        "<img alt=\"" + Escape(alt ?? "chart") + "\" src=\"" + SvgDataUri + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg)) + "\">";

    public void Save(string path) => AtomicFile.WriteAllText(path, Render());
}
