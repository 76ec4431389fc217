using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>Frame, ticks, tick labels and axis titles around a plot area.</summary>
internal static class Axes
{
    public static void Draw(SvgCanvas svg, LinearScale x, LinearScale y, string xLabel, string yLabel)
    {
        double left = x.PixelMin, right = x.PixelMax, bottom = y.PixelMin, top = y.PixelMax;
        svg.Rect(left, top, right - left, bottom - top, "none", stroke: "#888");
        foreach (var t in x.Ticks(6))
        {
            double px = x.Map(t);
            svg.Line(px, bottom, px, bottom + 4, "#888");
            svg.Text(px, bottom + 16, Label(t), 10, "middle");
        }
        foreach (var t in y.Ticks(6))
        {
            double py = y.Map(t);
            svg.Line(left - 4, py, left, py, "#888");
            svg.Text(left - 6, py + 3, Label(t), 10, "end");
        }
        svg.Text((left + right) / 2, bottom + 34, xLabel, 12, "middle");
        svg.Text(Math.Max(12, left - 42), (top + bottom) / 2, yLabel, 12, "middle", rotate: -90);
    }

    public static string Label(double v)
    {
        double a = Math.Abs(v);
        string format = a == 0 ? "0" : a >= 10000 || a < 0.001 ? "0.##E+0" : a >= 100 ? "0" : a >= 1 ? "0.##" : "0.###";
        return v.ToString(format, CultureInfo.InvariantCulture);
    }
}
