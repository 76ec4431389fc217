using System.Globalization;
using System.Text;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// One standalone SVG element drawn in user units inside a fixed viewBox (0 0 Width Height).
/// Every number written is checked to be finite; every text is XML-escaped. The element carries no
/// namespace URI, no links and no scripts, so it can be inlined in HTML5 as is.
/// </summary>
public sealed class SvgCanvas
{
    private readonly StringBuilder _body = new();

    public SvgCanvas(double width, double height, string title)
    {
        if (!double.IsFinite(width) || width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "SVG width must be finite and positive.");
        if (!double.IsFinite(height) || height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "SVG height must be finite and positive.");
        Width = width;
        Height = height;
        Title = title;
    }

    public double Width { get; }

    public double Height { get; }

    public string Title { get; }

    public void Rect(double x, double y, double width, double height, string fill, string? tooltip = null, string? stroke = null)
    {
        _body.Append("<rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
            .Append("\" width=\"").Append(Num(Math.Max(0, width))).Append("\" height=\"").Append(Num(Math.Max(0, height)))
            .Append("\" fill=\"").Append(Escape(fill)).Append('"');
        if (stroke is not null) _body.Append(" stroke=\"").Append(Escape(stroke)).Append("\" stroke-width=\"0.5\"");
        CloseWithTooltip("rect", tooltip);
    }

    public void Circle(double cx, double cy, double r, string fill, double opacity = 1, string? tooltip = null)
    {
        _body.Append("<circle cx=\"").Append(Num(cx)).Append("\" cy=\"").Append(Num(cy)).Append("\" r=\"").Append(Num(r))
            .Append("\" fill=\"").Append(Escape(fill)).Append('"');
        if (opacity < 1) _body.Append(" fill-opacity=\"").Append(Num(opacity)).Append('"');
        CloseWithTooltip("circle", tooltip);
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1)
    {
        _body.Append("<line x1=\"").Append(Num(x1)).Append("\" y1=\"").Append(Num(y1))
            .Append("\" x2=\"").Append(Num(x2)).Append("\" y2=\"").Append(Num(y2))
            .Append("\" stroke=\"").Append(Escape(stroke)).Append("\" stroke-width=\"").Append(Num(strokeWidth)).Append("\"/>");
    }

    /// <summary>Text anchored at (x, y); <paramref name="rotate"/> turns it about the anchor (degrees).</summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", bool bold = false, double rotate = 0, string fill = "#222")
    {
        _body.Append("<text x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
            .Append("\" font-size=\"").Append(Num(size)).Append("\" text-anchor=\"").Append(Escape(anchor))
            .Append("\" fill=\"").Append(Escape(fill)).Append('"');
        if (bold) _body.Append(" font-weight=\"bold\"");
        if (rotate != 0)
            _body.Append(" transform=\"rotate(").Append(Num(rotate)).Append(' ').Append(Num(x)).Append(' ').Append(Num(y)).Append(")\"");
        _body.Append('>').Append(Escape(text)).Append("</text>");
    }

    public override string ToString()
    {
        var sb = new StringBuilder(_body.Length + 256);
        sb.Append("<svg viewBox=\"0 0 ").Append(Num(Width)).Append(' ').Append(Num(Height))
            .Append("\" width=\"").Append(Num(Width)).Append("\" height=\"").Append(Num(Height))
            .Append("\" role=\"img\" font-family=\"sans-serif\"><title>").Append(Escape(Title)).Append("</title>")
            .Append("<rect x=\"0\" y=\"0\" width=\"").Append(Num(Width)).Append("\" height=\"").Append(Num(Height)).Append("\" fill=\"#fff\"/>")
            .Append(_body)
            .Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Invariant number with at most two decimals; throws on NaN or infinity so no chart carries one.</summary>
    public static string Num(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "SVG coordinates and sizes must be finite.");
        return Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for XML/HTML content and attributes; characters XML forbids become U+FFFD.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    bool allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
                    sb.Append(allowed ? c : '\uFFFD');
                    break;
            }
        }
        return sb.ToString();
    }

    private void CloseWithTooltip(string element, string? tooltip)
    {
        if (tooltip is null)
        {
            _body.Append("/>");
            return;
        }
        _body.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(element).Append('>');
    }
}
