using System.Xml.Linq;
using EdgeSound.Trainer.Report;
using Xunit;

namespace EdgeSound.Trainer.Tests.Report;

public sealed class ChartTests
{
    private static readonly string[] FiftyNames = Enumerable.Range(0, 50).Select(i => $"class_{i}").ToArray();

    private static (double[] X, double[] Y, int[] C) Points(int n, int classes, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        var c = new int[n];
        for (int i = 0; i < n; i++)
        {
            c[i] = i % classes;
            x[i] = c[i] * 3 + rng.NextDouble();
            y[i] = -c[i] * 0.5 + rng.NextDouble() * 1e4;
        }
        return (x, y, c);
    }

    private static int Markers(XElement root) => root.Descendants().Count(e => e.Name.LocalName == "ellipse");

    [Fact]
    public void Scatter_of_fifty_classes_draws_every_finite_point_and_names_every_class()
    {
        var (x, y, c) = Points(500, 50, 1);
        var clean = SvgAssert.WellFormed(ScatterChart.Render("t-SNE <by class>", x, y, c, FiftyNames, "dim 1", "dim 2"));
        x[3] = double.NaN;
        y[7] = double.PositiveInfinity;
        var root = SvgAssert.WellFormed(ScatterChart.Render("t-SNE <by class>", x, y, c, FiftyNames, "dim 1", "dim 2"));
        Assert.Equal(Markers(clean) - 2, Markers(root));
        Assert.True(Markers(root) >= 498, $"{Markers(root)} markers");
        var texts = SvgAssert.Texts(root);
        Assert.Equal(50, texts.Where(t => t.StartsWith("class_", StringComparison.Ordinal)).Distinct().Count());
        Assert.Contains("t-SNE <by class>", texts);
        Assert.Contains("dim 1", texts);
    }

    [Fact]
    public void Scatter_highlight_colors_only_the_subset_and_mutes_the_rest()
    {
        var (x, y, c) = Points(100, 50, 2);
        var subset = new HashSet<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        var root = SvgAssert.WellFormed(ScatterChart.Render("ESC-10", x, y, c, FiftyNames, "a", "b", subset));
        string muted = ClassColors.Muted.ToHex();
        var fills = root.Descendants().Where(e => e.Name.LocalName == "ellipse").Select(e => e.Attribute("fill")!.Value).ToList();
        Assert.True(fills.Count(f => string.Equals(f, muted, StringComparison.OrdinalIgnoreCase)) >= 80, "80 points of the other 40 classes are muted");
        Assert.Equal(10, fills.Where(f => !string.Equals(f, muted, StringComparison.OrdinalIgnoreCase)).Distinct().Count());
        var texts = SvgAssert.Texts(root);
        Assert.Contains("other classes", texts);
        Assert.DoesNotContain("class_10", texts);
    }

    [Fact]
    public void Scatter_rejects_mismatched_lengths_and_unknown_classes()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScatterChart.Render("s", [1.0], [1.0, 2.0], [0], FiftyNames, "x", "y"));
        Assert.Contains("'s'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ScatterChart.Render("s", [1.0], [1.0], [50], FiftyNames, "x", "y"));
    }

    [Fact]
    public void Histogram_bins_hold_the_finite_values()
    {
        var values = Enumerable.Range(0, 1000).Select(i => Math.Sin(i) * 5).Append(double.NaN).ToArray();
        var histogram = HistogramChart.Bin(values, 20);
        Assert.Equal(1000, histogram.Counts.Sum());
        Assert.Equal(20, histogram.Counts.Length);
        Assert.True(histogram.Edges[0] >= -5 && histogram.Edges[^1] <= 5);
        var root = SvgAssert.WellFormed(HistogramChart.Render("sin & cos", values, 20));
        Assert.Contains("sin & cos", SvgAssert.Texts(root));
    }

    [Fact]
    public void Histogram_of_constant_or_empty_values_is_still_valid()
    {
        SvgAssert.WellFormed(HistogramChart.Render("constant", Enumerable.Repeat(3.0, 10).ToArray()));
        SvgAssert.WellFormed(HistogramChart.Render("empty", []));
        Assert.Equal(10, HistogramChart.Bin(Enumerable.Repeat(3.0, 10).ToArray(), 5).Counts.Sum());
    }

    [Fact]
    public void Heatmap_shares_are_per_row_or_global_and_every_label_is_drawn()
    {
        var m = new double[50, 52];
        for (int r = 0; r < 50; r++) { m[r, r] = 40 + r; m[r, (r + 1) % 52] = 4; }
        m[3, 51] = double.NaN;
        var perRow = HeatmapChart.Shares(m, perRow: true);
        Assert.Equal(1.0, perRow[10, 10]);
        Assert.Equal(4.0 / 50, perRow[10, 11], 12);
        Assert.Equal(0.0, perRow[3, 51]);
        var global = HeatmapChart.Shares(m, perRow: false);
        Assert.Equal(1.0, global[49, 49]);
        Assert.Equal(40.0 / 89, global[0, 0], 12);

        var cols = Enumerable.Range(0, 52).Select(i => i == 51 ? "noise" : $"c{i}").ToArray();
        var root = SvgAssert.WellFormed(HeatmapChart.Render("Contingency", m, FiftyNames, cols, "class", "cluster", true));
        var texts = SvgAssert.Texts(root);
        Assert.All(FiftyNames, n => Assert.Contains(n, texts));
        Assert.Contains("noise", texts);
        // Rectangles strategy: vector cells, no embedded bitmap.
        Assert.True(root.Descendants().Count(e => e.Name.LocalName is "rect" or "path") >= 50 * 52);
    }

    [Fact]
    public void Heatmap_rejects_label_count_mismatch()
    {
        Assert.Throws<ArgumentException>(() => HeatmapChart.Render("h", new double[2, 2], ["a"], ["x", "y"], "r", "c", false));
    }

    [Fact]
    public void Bar_chart_labels_every_bar_and_marks_missing_values()
    {
        var root = SvgAssert.WellFormed(BarChart.Render("Importance", ["a", "b", "c", "d"], [1.0, 0.5, -0.25, double.NaN], "score"));
        var texts = SvgAssert.Texts(root);
        Assert.Contains("1.000", texts);
        Assert.Contains("0.500", texts);
        Assert.Contains("-0.250", texts);
        Assert.Contains("d (n/a)", texts);
        Assert.Throws<ArgumentException>(() => BarChart.Render("x", ["a"], [1.0, 2.0], "v"));
    }

    [Fact]
    public void Class_colors_are_fifty_distinct_and_refuse_an_index_outside_the_classes()
    {
        var colors = Enumerable.Range(0, 50).Select(i => ClassColors.Of(i, 50).ToHex()).ToList();
        Assert.Equal(50, colors.Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassColors.Of(50, 50));
    }

    [Fact]
    public void Html_report_is_self_contained_and_escapes_text()
    {
        var (x, y, c) = Points(60, 3, 3);
        var report = new HtmlReport("Report & <friends>")
            .Heading("Scatter")
            .Paragraph("see https://example.org <b>")
            .Figure(ScatterChart.Render("s", x, y, c, ["a", "b", "c"], "x", "y"), "caption <i>")
            .Grid([HistogramChart.Render("h1", x), HistogramChart.Render("h2", y)])
            .Table(["metric", "value"], [["ari", "0.5"], ["<td>", "1"]]);
        string html = report.Render();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Report &amp; &lt;friends&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;td&gt;", html, StringComparison.Ordinal);
        // The user text mentioning a URL is the only 'http' and it is plain escaped text, not a reference.
        SvgAssert.AssertSelfContained(html.Replace("https://example.org", "example.org", StringComparison.Ordinal));
        Assert.Equal(3, SvgAssert.EmbeddedCharts(html).Count);
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").Table(["a", "b"], [["1"]]));
        string aligned = new HtmlReport("t").Table(["name", "share"], [["kmeans", "12.5%"], ["dbscan", "n/a"]]).Render();
        Assert.Contains("<td class=\"text\">kmeans</td><td>12.5%</td>", aligned, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">dbscan</td><td>n/a</td>", aligned, StringComparison.Ordinal);
    }
}
