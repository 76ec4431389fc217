using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// Matrix of counts as colored cells: cluster-vs-class contingency tables and confusion matrices.
/// Row labels on the left, column labels hanging below, color proportional to the cell's share of its row
/// maximum (or of the matrix maximum).
/// </summary>
public static class Heatmap
{
    private const double Top = 36, Right = 20;

    public static string Render(
        string title, double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        string rowTitle, string columnTitle, bool normalizePerRow)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rowLabels.Count != rows || columnLabels.Count != cols)
            throw new ArgumentException($"Heatmap '{title}': {rows}x{cols} values but {rowLabels.Count} row and {columnLabels.Count} column labels.");
        double cell = Math.Clamp(Math.Min(720.0 / Math.Max(1, cols), 720.0 / Math.Max(1, rows)), 4, 28);
        double labelSize = Math.Clamp(cell * 0.75, 5, 11);
        // Room for the labels: about 0.55 em per character; column labels hang at 60 degrees (sin 60 = 0.87).
        double left = Math.Clamp(LongestLabel(rowLabels) * labelSize * 0.55 + 30, 60, 200);
        double bottom = Math.Clamp(LongestLabel(columnLabels) * labelSize * 0.55 * 0.87 + 36, 50, 160);
        double width = Math.Max(left + cols * cell + Right, 420);
        double height = Top + rows * cell + bottom;
        var svg = new SvgCanvas(width, height, title);
        svg.Text(10, 22, title, 15, bold: true);

        double globalMax = 0;
        foreach (var v in values) if (double.IsFinite(v)) globalMax = Math.Max(globalMax, v);
        for (int r = 0; r < rows; r++)
        {
            double scale = globalMax;
            if (normalizePerRow)
            {
                scale = 0;
                for (int c = 0; c < cols; c++) if (double.IsFinite(values[r, c])) scale = Math.Max(scale, values[r, c]);
            }
            double y = Top + r * cell;
            svg.Text(left - 4, y + cell * 0.5 + labelSize * 0.35, rowLabels[r], labelSize, "end");
            for (int c = 0; c < cols; c++)
            {
                double v = double.IsFinite(values[r, c]) ? values[r, c] : 0;
                double t = scale > 0 ? v / scale : 0;
                double x = left + c * cell;
                string label = string.Create(CultureInfo.InvariantCulture, $"{rowLabels[r]} / {columnLabels[c]}: {v:G6}");
                svg.Rect(x, y, cell, cell, Palette.Ramp(t), label, "#eee");
                if (v != 0 && cell >= 12)
                    svg.Text(x + cell / 2, y + cell * 0.5 + cell * 0.18, Axes.Label(v), cell * 0.45, "middle", fill: t > 0.55 ? "#fff" : "#333");
            }
        }
        double gridBottom = Top + rows * cell;
        for (int c = 0; c < cols; c++)
            svg.Text(left + c * cell + cell * 0.5 + labelSize * 0.35, gridBottom + 6, columnLabels[c], labelSize, "end", rotate: -60);
        svg.Text(left + cols * cell / 2, height - 6, columnTitle, 12, "middle");
        svg.Text(12, Top + rows * cell / 2, rowTitle, 12, "middle", rotate: -90);
        return svg.ToString();
    }

    private static int LongestLabel(IReadOnlyList<string> labels)
    {
        int longest = 0;
        foreach (var l in labels) longest = Math.Max(longest, l.Length);
        return longest;
    }
}
