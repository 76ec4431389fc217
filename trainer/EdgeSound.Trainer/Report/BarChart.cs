using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>Horizontal bars, one per labeled value, drawn in the given order with the value printed at the end.</summary>
public static class BarChart
{
    private const double Left = 190, Top = 36, Row = 16, PlotWidth = 420, Right = 70, Bottom = 40;

    public static string Render(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueTitle, string format = "0.000", string color = "#4c78a8")
    {
        if (labels.Count != values.Count)
            throw new ArgumentException($"Bar chart '{title}': {labels.Count} labels but {values.Count} values.");
        double width = Left + PlotWidth + Right;
        double height = Top + Math.Max(1, labels.Count) * Row + Bottom;
        var svg = new SvgCanvas(width, height, title);
        svg.Text(10, 22, title, 15, bold: true);
        double lo = 0, hi = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        var xs = new LinearScale(lo, hi > lo ? hi : lo + 1, Left, Left + PlotWidth);
        double zero = xs.Map(0);
        for (int i = 0; i < labels.Count; i++)
        {
            double y = Top + i * Row;
            double v = values[i];
            svg.Text(Left - 6, y + Row * 0.7, labels[i], 10, "end");
            if (!double.IsFinite(v))
            {
                svg.Text(zero + 4, y + Row * 0.7, "n/a", 10);
                continue;
            }
            double end = xs.Map(v);
            string text = v.ToString(format, CultureInfo.InvariantCulture);
            svg.Rect(Math.Min(zero, end), y + 2, Math.Abs(end - zero), Row - 4, color, $"{labels[i]}: {text}");
            svg.Text(Math.Max(zero, end) + 4, y + Row * 0.7, text, 10);
        }
        double axisY = Top + labels.Count * Row + 2;
        svg.Line(Left, axisY, Left + PlotWidth, axisY, "#888");
        foreach (var t in xs.Ticks(5))
        {
            double px = xs.Map(t);
            svg.Line(px, axisY, px, axisY + 4, "#888");
            svg.Text(px, axisY + 15, Axes.Label(t), 10, "middle");
        }
        svg.Text(Left + PlotWidth / 2, height - 6, valueTitle, 12, "middle");
        return svg.ToString();
    }
}
