using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>2-D embedding scatter colored by class, with a legend; optionally a highlighted subset over the muted rest.</summary>
public static class ScatterChart
{
    private const int Width = 980, MinimumHeight = 700, LegendRow = 21;

    /// <param name="classes">class index per point (index into <paramref name="classNames"/>).</param>
    /// <param name="highlight">when given, only these classes get colors and a legend entry; the rest are drawn muted.</param>
    /// <returns>SVG text; points with a non-finite coordinate are left out.</returns>
    /// <exception cref="ArgumentException">x, y and classes differ in length, or a class index is out of range.</exception>
    public static string Render(
        string title, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> classes,
        IReadOnlyList<string> classNames, string xLabel, string yLabel, IReadOnlySet<int>? highlight = null)
    {
        if (x.Count != y.Count || x.Count != classes.Count)
            throw new ArgumentException($"Scatter '{title}': x ({x.Count}), y ({y.Count}) and classes ({classes.Count}) differ in length.");
        var xs = new List<double>[classNames.Count];
        var ys = new List<double>[classNames.Count];
        for (int c = 0; c < classNames.Count; c++) { xs[c] = []; ys[c] = []; }
        for (int i = 0; i < x.Count; i++)
        {
            int c = classes[i];
            if (c < 0 || c >= classNames.Count)
                throw new ArgumentException($"Scatter '{title}': point {i} has class {c}, but there are {classNames.Count} class names.");
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            xs[c].Add(x[i]);
            ys[c].Add(y[i]);
        }

        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        var shown = Enumerable.Range(0, classNames.Count).Where(c => highlight is null || highlight.Contains(c)).ToList();
        if (highlight is not null)
        {
            var mutedX = shown.Count == classNames.Count ? [] : Enumerable.Range(0, classNames.Count).Where(c => !highlight.Contains(c)).SelectMany(c => xs[c]).ToArray();
            var mutedY = Enumerable.Range(0, classNames.Count).Where(c => !highlight.Contains(c)).SelectMany(c => ys[c]).ToArray();
            var muted = plot.Add.Markers(mutedX, mutedY, MarkerShape.FilledCircle, 4, ClassColors.Muted);
            muted.LegendText = "other classes";
        }

        for (int i = 0; i < shown.Count; i++)
        {
            int c = shown[i];
            var markers = plot.Add.Markers(xs[c].ToArray(), ys[c].ToArray(), MarkerShape.FilledCircle, 6, ClassColors.Of(i, shown.Count));
            markers.LegendText = classNames[c];
        }

        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 11;
        // Tall enough for one legend column: ScottPlot cuts long names short in a second column.
        int entries = shown.Count + (highlight is null ? 0 : 1);
        return ChartSvg.Render(plot, Width, Math.Max(MinimumHeight, 120 + LegendRow * entries));
    }
}
