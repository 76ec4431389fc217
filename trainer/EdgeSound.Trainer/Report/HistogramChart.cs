using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>Histogram of one variable over equal-width bins of its finite range (ScottPlot.Statistics.Histogram).</summary>
public static class HistogramChart
{
    public const int Width = 340, Height = 240;

    /// <summary>The histogram of the finite values (non-finite ones are left out); a constant gets a bin of width 1 around it.</summary>
    public static ScottPlot.Statistics.Histogram Bin(IReadOnlyList<double> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var finite = values.Where(double.IsFinite).ToArray();
        double min = finite.Length == 0 ? 0 : finite.Min(), max = finite.Length == 0 ? 1 : finite.Max();
        if (max <= min) { min -= 0.5; max += 0.5; }
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(bins, min, max);
        histogram.AddRange(finite);
        return histogram;
    }

    /// <returns>SVG text.</returns>
    public static string Render(string title, IReadOnlyList<double> values, int bins = 30)
    {
        var plot = new Plot();
        plot.Title(title, 12);
        plot.XLabel("value", 11);
        plot.YLabel("clips", 11);
        plot.Add.Histogram(Bin(values, bins));
        return ChartSvg.Render(plot, Width, Height);
    }
}
