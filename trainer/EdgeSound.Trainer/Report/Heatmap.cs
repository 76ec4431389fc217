using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// Matrix of counts as colored cells: cluster-vs-class contingency tables and confusion matrices.
/// Row labels on the left, column labels hanging below, color proportional to the cell's share of its row
/// maximum (or of the matrix maximum).
/// </summary>
public static class Heatmap
{
    private const double Left = 150, Top = 36, Bottom = 110, Right = 20;

    public static string Render(
        string title, double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        string rowTitle, string columnTitle, bool normalizePerRow)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rowLabels.Count != rows || columnLabels.Count != cols)
            throw new ArgumentException($"Heatmap '{title}': {rows}x{cols} values but {rowLabels.Count} row and {columnLabels.Count} column labels.");
        double cell = Math.Clamp(Math.Min(720.0 / Math.Max(1, cols), 720.0 / Math.Max(1, rows)), 4, 28);
        double width = Math.Max(Left + cols * cell + Right, 420);
        double height = Top + rows * cell + Bottom;
        var svg = new SvgCanvas(width, height, title);
        svg.Text(10, 22, title, 15, bold: true);

        double globalMax = 0;
        foreach (var v in values) if (double.IsFinite(v)) globalMax = Math.Max(globalMax, v);
        double labelSize = Math.Clamp(cell * 0.75, 5, 11);
        for (int r = 0; r < rows; r++)
        {
            double scale = globalMax;
            if (normalizePerRow)
            {
                scale = 0;
                for (int c = 0; c < cols; c++) if (double.IsFinite(values[r, c])) scale = Math.Max(scale, values[r, c]);
            }
            double y = Top + r * cell;
            svg.Text(Left - 4, y + cell * 0.5 + labelSize * 0.35, rowLabels[r], labelSize, "end");
            for (int c = 0; c < cols; c++)
            {
                double v = double.IsFinite(values[r, c]) ? values[r, c] : 0;
                double t = scale > 0 ? v / scale : 0;
                double x = Left + c * cell;
                string label = string.Create(CultureInfo.InvariantCulture, $"{rowLabels[r]} / {columnLabels[c]}: {v:G6}");
                svg.Rect(x, y, cell, cell, Palette.Ramp(t), label, "#eee");
                if (v != 0 && cell >= 12)
                    svg.Text(x + cell / 2, y + cell * 0.5 + cell * 0.18, Axes.Label(v), cell * 0.45, "middle", fill: t > 0.55 ? "#fff" : "#333");
            }
        }
        double gridBottom = Top + rows * cell;
        for (int c = 0; c < cols; c++)
            svg.Text(Left + c * cell + cell * 0.5 + labelSize * 0.35, gridBottom + 6, columnLabels[c], labelSize, "end", rotate: -60);
        svg.Text(Left + cols * cell / 2, height - 6, columnTitle, 12, "middle");
        svg.Text(12, Top + rows * cell / 2, rowTitle, 12, "middle", rotate: -90);
        return svg.ToString();
    }
}
