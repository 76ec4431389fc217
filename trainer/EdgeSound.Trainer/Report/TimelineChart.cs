using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>Events along time: one row per label (top to bottom in the given order), one marker per event at its time
/// (UTC), the time axis ticked by <see cref="TimeTicks"/> (at most <see cref="TimeTicks.MaxTicks"/> labels, none alike).</summary>
public static class TimelineChart
{
    /// <summary>The earliest date <see cref="DateTime.ToOADate"/> takes (year 100).</summary>
    private static readonly DateTime MinimumOADate = new(100, 1, 1);

    /// <summary>The last day <see cref="DateTime.ToOADate"/> takes.</summary>
    private static readonly DateTime MaximumOADate = new(9999, 12, 31);

    /// <param name="rows">row index per event (into <paramref name="labels"/>), parallel to <paramref name="times"/>.</param>
    /// <returns>SVG text.</returns>
    /// <exception cref="ArgumentException">times and rows differ in length, or a row is out of range.</exception>
    public static string Render(string title, IReadOnlyList<DateTime> times, IReadOnlyList<int> rows, IReadOnlyList<string> labels)
    {
        if (times.Count != rows.Count)
            throw new ArgumentException($"Timeline '{title}': {times.Count} times but {rows.Count} rows.");
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("time (UTC)");
        for (int r = 0; r < labels.Count; r++)
        {
            var xs = new List<double>();
            for (int i = 0; i < times.Count; i++)
            {
                if (rows[i] < 0 || rows[i] >= labels.Count)
                    throw new ArgumentException($"Timeline '{title}': event {i} has row {rows[i]}, but there are {labels.Count} labels.");
                if (rows[i] == r) xs.Add(times[i].ToOADate());
            }
            double y = labels.Count - 1 - r;
            plot.Add.Markers(xs.ToArray(), xs.Select(_ => y).ToArray(), MarkerShape.FilledCircle, 6, ClassColors.Of(r, labels.Count));
        }

        if (times.Count > 0)
        {
            // Pad by 3 % of the span (at least 30 s) on each side, within the dates an OLE Automation date can hold.
            var pad = TimeSpan.FromTicks(Math.Max((times.Max() - times.Min()).Ticks / 33, TimeSpan.FromSeconds(30).Ticks));
            var from = times.Min() - MinimumOADate < pad ? MinimumOADate : times.Min() - pad;
            var to = MaximumOADate - times.Max() < pad ? MaximumOADate : times.Max() + pad;
            var ticks = TimeTicks.Between(from, to);
            plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.Time.ToOADate())], [.. ticks.Select(t => t.Label)]);
            plot.Axes.SetLimitsX(from.ToOADate(), to.ToOADate());
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, labels.Count).Select(r => (double)(labels.Count - 1 - r))], [.. labels]);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.SetLimitsY(-0.5, labels.Count - 0.5);
        return ChartSvg.Render(plot, 980, 120 + 18 * Math.Max(4, labels.Count));
    }
}
