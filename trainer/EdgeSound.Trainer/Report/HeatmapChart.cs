using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// Matrix of counts as colored cells (cluster-vs-class contingency tables, confusion matrices): row labels on the
/// left, column labels below, color proportional to the cell's share of its row maximum (or of the matrix maximum),
/// with a color bar.
/// </summary>
public static class HeatmapChart
{
    /// <returns>SVG text; non-finite cells are drawn as 0.</returns>
    /// <exception cref="ArgumentException">the label counts do not match the matrix.</exception>
    public static string Render(
        string title, double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        string rowTitle, string columnTitle, bool normalizePerRow)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rowLabels.Count != rows || columnLabels.Count != cols)
            throw new ArgumentException($"Heatmap '{title}': {rows}x{cols} values but {rowLabels.Count} row and {columnLabels.Count} column labels.");
        var shares = Shares(values, normalizePerRow);

        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(columnTitle);
        plot.YLabel(rowTitle);
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        plot.Add.ColorBar(heatmap).Label = normalizePerRow ? "share of row maximum" : "share of maximum";
        // Cell (r, c) is centred on x = c, y = rows - 1 - r (row 0 on top).
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r))], [.. rowLabels]);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, cols).Select(c => (double)c)], [.. columnLabels]);
        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        float labelSize = Math.Clamp(600f / Math.Max(rows, cols), 6f, 12f);
        plot.Axes.Left.TickLabelStyle.FontSize = labelSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = labelSize;
        int cell = Math.Clamp(720 / Math.Max(1, Math.Max(rows, cols)), 8, 40);
        return ChartSvg.Render(plot, Math.Max(480, cols * cell + 320), Math.Max(360, rows * cell + 240));
    }

    /// <summary>Each cell over its row maximum (or the matrix maximum), in [0, 1]; non-finite cells and all-zero rows give 0.</summary>
    public static double[,] Shares(double[,] values, bool perRow)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        double Clean(double v) => double.IsFinite(v) ? v : 0;
        double all = 0;
        foreach (var v in values) all = Math.Max(all, Clean(v));
        var shares = new double[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            double scale = all;
            if (perRow)
            {
                scale = 0;
                for (int c = 0; c < cols; c++) scale = Math.Max(scale, Clean(values[r, c]));
            }
            for (int c = 0; c < cols; c++) shares[r, c] = scale > 0 ? Clean(values[r, c]) / scale : 0;
        }
        return shares;
    }
}
