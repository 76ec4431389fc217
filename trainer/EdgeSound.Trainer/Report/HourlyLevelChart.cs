using System.Globalization;
using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>Level series (dB) over the hours of the day 0-23, lines with markers and a legend.</summary>
public static class HourlyLevelChart
{
    /// <param name="hours">hour of the day (0-23) of each value, shared by every series.</param>
    /// <returns>SVG text; non-finite values are left out of their series.</returns>
    /// <exception cref="ArgumentException">a series differs in length from <paramref name="hours"/>.</exception>
    public static string Render(string title, IReadOnlyList<int> hours, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        for (int s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            if (values.Count != hours.Count)
                throw new ArgumentException($"Level chart '{title}': series {name} has {values.Count} values for {hours.Count} hours.");
            var keep = Enumerable.Range(0, hours.Count).Where(i => double.IsFinite(values[i])).ToArray();
            var line = plot.Add.Scatter(keep.Select(i => (double)hours[i]).ToArray(), keep.Select(i => values[i]).ToArray(), ClassColors.Of(s, series.Count));
            line.LegendText = name;
        }

        int[] ticks = [.. Enumerable.Range(0, 12).Select(h => h * 2)];
        plot.Axes.Bottom.SetTicks([.. ticks.Select(h => (double)h)], [.. ticks.Select(h => h.ToString("00", CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsX(-0.5, 23.5);
        plot.ShowLegend(Edge.Right);
        return ChartSvg.Render(plot, 980, 420);
    }
}
