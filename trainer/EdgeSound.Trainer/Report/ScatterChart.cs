namespace EdgeSound.Trainer.Report;

/// <summary>2-D embedding scatter colored by class, with a legend; optionally a highlighted subset over muted rest.</summary>
public static class ScatterChart
{
    private const double Plot = 600, Left = 60, Top = 40, LegendRow = 14, LegendColumn = 190;
    private const int RowsPerColumn = 25;

    /// <param name="classes">class index per point (index into <paramref name="classNames"/>).</param>
    /// <param name="highlight">when given, only these classes get colors and a legend entry; the rest are drawn muted.</param>
    public static string Render(
        string title, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> classes,
        IReadOnlyList<string> classNames, string xLabel, string yLabel, IReadOnlySet<int>? highlight = null)
    {
        if (x.Count != y.Count || x.Count != classes.Count)
            throw new ArgumentException($"Scatter '{title}': x ({x.Count}), y ({y.Count}) and classes ({classes.Count}) differ in length.");

        var legend = new List<int>();
        for (int c = 0; c < classNames.Count; c++)
            if (highlight is null || highlight.Contains(c)) legend.Add(c);
        var colorOf = new Dictionary<int, string>();
        for (int i = 0; i < legend.Count; i++) colorOf[legend[i]] = Palette.Color(i, legend.Count);

        int legendEntries = legend.Count + (highlight is null ? 0 : 1);
        int columns = Math.Max(1, (legendEntries + RowsPerColumn - 1) / RowsPerColumn);
        int rows = Math.Min(legendEntries, RowsPerColumn);
        double legendLeft = Left + Plot + 30;
        double width = legendLeft + columns * LegendColumn + 10;
        double height = Math.Max(Top + Plot + 50, Top + rows * LegendRow + 30);
        var svg = new SvgCanvas(width, height, title);
        svg.Text(10, 22, title, 15, bold: true);

        var xa = new double[x.Count];
        var ya = new double[y.Count];
        for (int i = 0; i < xa.Length; i++) { xa[i] = x[i]; ya[i] = y[i]; }
        var (x0, x1) = LinearScale.Extent(xa);
        var (y0, y1) = LinearScale.Extent(ya);
        double padX = (x1 - x0) * 0.03, padY = (y1 - y0) * 0.03;
        var xs = new LinearScale(x0 - padX, x1 + padX, Left, Left + Plot);
        var ys = new LinearScale(y0 - padY, y1 + padY, Top + Plot, Top);
        Axes.Draw(svg, xs, ys, xLabel, yLabel);

        // Muted points first so highlighted ones stay on top.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < xa.Length; i++)
            {
                if (!double.IsFinite(xa[i]) || !double.IsFinite(ya[i])) continue;
                int c = classes[i];
                bool colored = colorOf.TryGetValue(c, out var color);
                if (colored != (pass == 1)) continue;
                string name = c >= 0 && c < classNames.Count ? classNames[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (colored) svg.Circle(xs.Map(xa[i]), ys.Map(ya[i]), 3, color!, 0.85, name);
                else svg.Circle(xs.Map(xa[i]), ys.Map(ya[i]), 2, Palette.Muted, 0.7);
            }
        }

        for (int i = 0; i < legendEntries; i++)
        {
            double lx = legendLeft + (i / RowsPerColumn) * LegendColumn;
            double ly = Top + (i % RowsPerColumn) * LegendRow;
            bool other = i == legend.Count;
            svg.Circle(lx + 5, ly + 5, 4, other ? Palette.Muted : colorOf[legend[i]]);
            svg.Text(lx + 14, ly + 9, other ? "other classes" : classNames[legend[i]], 10);
        }
        return svg.ToString();
    }
}
