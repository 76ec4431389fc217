using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>Several level series (dB) against a shared x (e.g. hour of the day), lines with markers and a legend.</summary>
public static class LevelLinesChart
{
    /// <returns>SVG text; non-finite values are left out of their series.</returns>
    /// <exception cref="ArgumentException">a series differs in length from <paramref name="x"/>.</exception>
    public static string Render(string title, IReadOnlyList<double> x, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        for (int s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            if (values.Count != x.Count)
                throw new ArgumentException($"Level chart '{title}': series {name} has {values.Count} values for {x.Count} x.");
            var keep = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(values[i]) && double.IsFinite(x[i])).ToArray();
            var line = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => values[i]).ToArray(), ClassColors.Of(s, series.Count));
            line.LegendText = name;
        }

        plot.ShowLegend(Edge.Right);
        return ChartSvg.Render(plot, 980, 420);
    }
}
