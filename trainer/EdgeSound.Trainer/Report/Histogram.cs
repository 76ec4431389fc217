using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>Histogram of one variable over equal-width bins of its finite range.</summary>
public static class Histogram
{
    public const double Width = 340, Height = 220;
    private const double Left = 48, Right = 10, Top = 30, Bottom = 44;

    /// <summary>Counts per bin over [min, max] of the finite values; non-finite values are left out.</summary>
    public static int[] Count(IReadOnlyList<double> values, int bins, out double min, out double max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var finite = new List<double>(values.Count);
        foreach (var v in values) if (double.IsFinite(v)) finite.Add(v);
        (min, max) = LinearScale.Extent(finite.ToArray());
        var counts = new int[bins];
        double span = max - min;
        foreach (var v in finite)
        {
            int b = span > 0 ? (int)((v - min) / span * bins) : 0;
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return counts;
    }

    public static string Render(string title, IReadOnlyList<double> values, int bins = 30, string color = "#4c78a8")
    {
        var counts = Count(values, bins, out double min, out double max);
        int peak = 1;
        foreach (var c in counts) peak = Math.Max(peak, c);
        var svg = new SvgCanvas(Width, Height, title);
        svg.Text(8, 18, title, 12, bold: true);
        var xs = new LinearScale(min, max, Left, Width - Right);
        var ys = new LinearScale(0, peak, Height - Bottom, Top);
        double binWidth = (Width - Right - Left) / bins;
        for (int b = 0; b < bins; b++)
        {
            if (counts[b] == 0) continue;
            double top = ys.Map(counts[b]);
            double lo = min + (max - min) * b / bins, hi = min + (max - min) * (b + 1) / bins;
            svg.Rect(Left + b * binWidth, top, Math.Max(0.5, binWidth - 0.5), Height - Bottom - top, color,
                string.Create(CultureInfo.InvariantCulture, $"[{lo:G4}, {hi:G4}): {counts[b]}"));
        }
        Axes.Draw(svg, xs, ys, "value", "clips");
        return svg.ToString();
    }
}
