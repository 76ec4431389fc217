using System.Globalization;
using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>Horizontal bars, one per labeled value, top to bottom in the given order, with the value printed at the end.</summary>
public static class BarChart
{
    /// <returns>SVG text; a non-finite value gets no bar and "n/a" beside its label.</returns>
    /// <exception cref="ArgumentException">labels and values differ in length.</exception>
    public static string Render(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueTitle, string format = "0.000")
    {
        if (labels.Count != values.Count)
            throw new ArgumentException($"Bar chart '{title}': {labels.Count} labels but {values.Count} values.");
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(valueTitle);
        var bars = new List<Bar>();
        var tickLabels = new string[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            double v = values[i];
            tickLabels[i] = double.IsFinite(v) ? labels[i] : labels[i] + " (n/a)";
            if (!double.IsFinite(v)) continue;
            bars.Add(new Bar
            {
                Position = labels.Count - 1 - i,
                Value = v,
                Label = v.ToString(format, CultureInfo.InvariantCulture),
                Orientation = Orientation.Horizontal,
                FillColor = ClassColors.Of(0, 1),
            });
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 10;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, labels.Count).Select(i => (double)(labels.Count - 1 - i))], tickLabels);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.Margins(left: 0, right: 0.15);
        plot.Axes.SetLimitsY(-0.5, labels.Count - 0.5);
        return ChartSvg.Render(plot, 760, 90 + 18 * Math.Max(1, labels.Count));
    }
}
