using System.Globalization;
using EdgeSound.Trainer.Report;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// The soundscape report as one self-contained HTML page (<see cref="HtmlReport"/>): a timeline of events, events
/// per label and hour of the day as a heatmap, levels per hour (LAeq, L10, L50, L90 from a history's minutes, or the
/// events' own levels), and the labels active in the loudest minutes. Hours are UTC.
/// </summary>
public static class SoundscapeReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="data">non-empty data, already limited to the report's range.</param>
    /// <param name="from">start of the range (inclusive), UTC.</param>
    /// <param name="to">end of the range (exclusive), UTC.</param>
    public static HtmlReport Build(SoundscapeData data, DateTimeOffset from, DateTimeOffset to)
    {
        var page = new HtmlReport("EdgeSound soundscape report");
        page.Paragraph(string.Create(Inv, $"Source: {data.Source}. Range: {from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} UTC. {data.Events.Count} events, {data.Minutes.Count} measured minutes."));
        Timeline(page, data.Events);
        Heatmap(page, ClassHourCounts.Of(data.Events));
        Levels(page, HourlyLevels.Of(data), data.FromHistory);
        LoudSources(page, LoudMinuteSources.Of(data), data.FromHistory);
        return page;
    }

    private static void Timeline(HtmlReport page, IReadOnlyList<SoundEvent> events)
    {
        page.Heading("Timeline of events");
        if (events.Count == 0)
        {
            page.Paragraph("No events in this range.");
            return;
        }

        var labels = ClassHourCounts.Of(events).Labels;
        var row = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        page.Figure(
            TimelineChart.Render("Events", [.. events.Select(e => e.Time.UtcDateTime)], [.. events.Select(e => row[e.Label])], labels),
            "One marker per event at the time it was reported, one row per label (most frequent on top).");
    }

    private static void Heatmap(HtmlReport page, ClassHourCounts counts)
    {
        page.Heading("Events per label and hour of the day");
        if (counts.Labels.Count == 0)
        {
            page.Paragraph("No events in this range.");
            return;
        }

        var values = new double[counts.Labels.Count, ClassHourCounts.Hours];
        for (int r = 0; r < counts.Labels.Count; r++)
        {
            for (int h = 0; h < ClassHourCounts.Hours; h++)
            {
                values[r, h] = counts.Counts[r, h];
            }
        }

        string[] hours = [.. Enumerable.Range(0, ClassHourCounts.Hours).Select(h => h.ToString("00", Inv))];
        page.Figure(
            HeatmapChart.Render("Events per label and hour", values, counts.Labels, hours, "label", "hour of the day (UTC)", normalizePerRow: false),
            "Color: the cell's event count over the largest cell's; every day of the range is added into its hour.");
        page.Table(
            ["label", .. hours, "total"],
            Enumerable.Range(0, counts.Labels.Count).Select(r => (IReadOnlyList<string>)
            [
                counts.Labels[r], .. Enumerable.Range(0, ClassHourCounts.Hours).Select(h => counts.Counts[r, h].ToString(Inv)),
                Enumerable.Range(0, ClassHourCounts.Hours).Sum(h => counts.Counts[r, h]).ToString(Inv),
            ]));
    }

    private static void Levels(HtmlReport page, IReadOnlyList<HourlyLevels> hours, bool fromHistory)
    {
        page.Heading("Levels per hour of the day");
        if (hours.Count == 0)
        {
            page.Paragraph(fromHistory ? "The history holds no measured minutes in this range." : "No events in this range.");
            return;
        }

        page.Paragraph(fromHistory
            ? "A-weighted levels in dBFS from the device's per-minute rows: LAeq is the energy mean of the minutes' LAeq (weighted by measured seconds); L10, L50 and L90 are the seconds-weighted means of the minutes' own L10, L50, L90."
            : "No history database: these are the levels of the detected events only (unweighted dBFS), not a noise survey. Leq is the energy mean of the hour's event levels; L10, L50, L90 the event levels exceeded by 10, 50 and 90 % of its events.",
            note: true);
        string leq = fromHistory ? "LAeq" : "Leq (events)";
        page.Figure(HourlyLevelChart.Render(
            "Levels per hour", [.. hours.Select(h => h.Hour)],
            [(leq, [.. hours.Select(h => h.Leq)]), ("L10", [.. hours.Select(h => h.L10)]), ("L50", [.. hours.Select(h => h.L50)]), ("L90", [.. hours.Select(h => h.L90)])],
            "hour of the day (UTC)", "level (dBFS)"));
        page.Table(
            ["hour (UTC)", fromHistory ? "minutes" : "events", leq, "L10", "L50", "L90"],
            hours.Select(h => (IReadOnlyList<string>)[h.Hour.ToString("00", Inv), h.Count.ToString(Inv), Db(h.Leq), Db(h.L10), Db(h.L50), Db(h.L90)]));
    }

    private static void LoudSources(HtmlReport page, LoudMinuteSources loud, bool fromHistory)
    {
        page.Heading("Top sources of loud minutes");
        if (loud.LoudMinutes == 0)
        {
            page.Paragraph("No minutes to rank in this range.");
            return;
        }

        page.Paragraph(string.Create(Inv,
            $"The loudest {LoudMinuteSources.LoudShare:0%} of minutes by {(fromHistory ? "LAeq" : "loudest event level")}: {loud.LoudMinutes} minutes at or above {Db(loud.ThresholdDb)} dBFS. A label counts when it was active (occupancy) or reported an event in the minute."));
        if (loud.Sources.Count == 0)
        {
            page.Paragraph("No label was active in these minutes.");
            return;
        }

        page.Figure(BarChart.Render(
            "Labels active in the loudest minutes", [.. loud.Sources.Select(s => s.Label)], [.. loud.Sources.Select(s => s.Share * 100)], "% of loud minutes", "0"));
        page.Table(
            ["label", "loud minutes", "share"],
            loud.Sources.Select(s => (IReadOnlyList<string>)[s.Label, s.Minutes.ToString(Inv), s.Share.ToString("0%", Inv)]));
    }

    private static string Db(double v) => double.IsFinite(v) ? v.ToString("0.0", Inv) : "n/a";
}
