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

    [Fact]
    public void Scatter_of_fifty_classes_is_valid_with_one_point_per_sample_and_one_legend_entry_per_class()
    {
        var (x, y, c) = Points(500, 50, 1);
        x[3] = double.NaN;
        y[7] = double.PositiveInfinity;
        var root = SvgAssert.WellFormedAndInside(ScatterChart.Render("t-SNE <by class>", x, y, c, FiftyNames, "dim 1", "dim 2"));
        var circles = root.Descendants("circle").ToList();
        Assert.Equal(498 + 50, circles.Count);
        var legendTexts = root.Descendants("text").Select(t => t.Value).Where(v => v.StartsWith("class_", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, legendTexts.Distinct().Count());
        Assert.Contains(root.Descendants("text"), t => t.Value == "t-SNE <by class>");
        // 50 distinct legend colors
        var legendColors = circles.Skip(498).Select(e => e.Attribute("fill")!.Value).ToHashSet();
        Assert.Equal(50, legendColors.Count);
    }

    [Fact]
    public void Scatter_highlight_colors_only_the_subset_and_mutes_the_rest()
    {
        var (x, y, c) = Points(100, 50, 2);
        var subset = new HashSet<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        var root = SvgAssert.WellFormedAndInside(ScatterChart.Render("ESC-10", x, y, c, FiftyNames, "a", "b", subset));
        var points = root.Descendants("circle").ToList();
        int colored = points.Count(p => p.Attribute("fill")!.Value != Palette.Muted);
        Assert.Equal(20 + 10, colored); // 2 points each of classes 0-9, plus 10 legend swatches
        Assert.Contains(root.Descendants("text"), t => t.Value == "other classes");
        Assert.DoesNotContain(root.Descendants("text"), t => t.Value == "class_10");
    }

    [Fact]
    public void Scatter_rejects_mismatched_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScatterChart.Render("s", [1.0], [1.0, 2.0], [0], FiftyNames, "x", "y"));
        Assert.Contains("'s'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_bars_add_up_to_the_finite_values()
    {
        var values = Enumerable.Range(0, 1000).Select(i => Math.Sin(i) * 5).Append(double.NaN).ToArray();
        var counts = Histogram.Count(values, 20, out double min, out double max);
        Assert.Equal(1000, counts.Sum());
        Assert.True(min >= -5 && max <= 5 && min < max);
        var root = SvgAssert.WellFormedAndInside(Histogram.Render("sin & cos", values, 20));
        Assert.True(root.Descendants("rect").Count() >= 20);
    }

    [Fact]
    public void Histogram_of_constant_or_empty_values_is_still_valid()
    {
        SvgAssert.WellFormedAndInside(Histogram.Render("constant", Enumerable.Repeat(3.0, 10).ToArray()));
        SvgAssert.WellFormedAndInside(Histogram.Render("empty", []));
        Assert.Equal(10, Histogram.Count(Enumerable.Repeat(3.0, 10).ToArray(), 5, out _, out _).Sum());
    }

    [Fact]
    public void Heatmap_draws_one_cell_per_entry_with_darker_color_for_larger_values()
    {
        var m = new double[50, 52];
        for (int r = 0; r < 50; r++) { m[r, r] = 40; m[r, (r + 1) % 52] = 4; }
        m[3, 51] = double.NaN;
        var cols = Enumerable.Range(0, 52).Select(i => i == 51 ? "noise" : $"c{i}").ToArray();
        var root = SvgAssert.WellFormedAndInside(Heatmap.Render("Contingency", m, FiftyNames, cols, "class", "cluster", true));
        var cells = root.Descendants("rect").Where(e => e.Element("title") is not null).ToList();
        Assert.Equal(50 * 52, cells.Count);
        string Fill(string title) => cells.Single(e => e.Element("title")!.Value.StartsWith(title, StringComparison.Ordinal)).Attribute("fill")!.Value;
        Assert.Equal(Palette.Ramp(1), Fill("class_0 / c0:"));
        Assert.Equal(Palette.Ramp(0), Fill("class_0 / c5:"));
        Assert.NotEqual(Fill("class_0 / c0:"), Fill("class_0 / c1:"));
    }

    [Fact]
    public void Heatmap_rejects_label_count_mismatch()
    {
        Assert.Throws<ArgumentException>(() => Heatmap.Render("h", new double[2, 2], ["a"], ["x", "y"], "r", "c", false));
    }

    [Fact]
    public void Bar_chart_bars_are_proportional_and_negative_values_extend_left()
    {
        var root = SvgAssert.WellFormedAndInside(BarChart.Render("Importance", ["a", "b", "c", "d"], [1.0, 0.5, -0.25, double.NaN], "score"));
        var bars = root.Descendants("rect").Where(e => e.Element("title") is not null).ToList();
        Assert.Equal(3, bars.Count);
        double W(XElement e) => double.Parse(e.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2.0, W(bars[0]) / W(bars[1]), 2);
        Assert.Equal(4.0, W(bars[0]) / W(bars[2]), 2);
        Assert.Contains(root.Descendants("text"), t => t.Value == "n/a");
    }

    [Fact]
    public void Escape_handles_markup_quotes_and_control_characters()
    {
        Assert.Equal("a&lt;b&gt;&amp;&quot;&#39;\uFFFD", SvgCanvas.Escape("a<b>&\"'\0"));
        var svg = new SvgCanvas(10, 10, "x\u0001y");
        svg.Text(1, 1, "<script>alert(1)</script>");
        var root = XElement.Parse(svg.ToString());
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName == "script");
    }

    [Fact]
    public void Non_finite_coordinates_are_refused()
    {
        var svg = new SvgCanvas(10, 10, "t");
        Assert.Throws<ArgumentOutOfRangeException>(() => svg.Circle(double.NaN, 1, 1, "#000"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvgCanvas(double.PositiveInfinity, 10, "t"));
    }

    [Fact]
    public void Palette_gives_fifty_distinct_valid_colors()
    {
        var colors = Enumerable.Range(0, 50).Select(i => Palette.Color(i, 50)).ToList();
        Assert.Equal(50, colors.Distinct().Count());
        Assert.All(colors, c => Assert.Matches("^#[0-9a-f]{6}$", c));
    }

    [Fact]
    public void Html_report_is_self_contained_and_escapes_text()
    {
        var (x, y, c) = Points(60, 3, 3);
        var report = new HtmlReport("Report & <friends>")
            .Heading("Scatter")
            .Paragraph("see https://example.org <b>")
            .Figure(ScatterChart.Render("s", x, y, c, ["a", "b", "c"], "x", "y"), "caption <i>")
            .Grid([Histogram.Render("h1", x), Histogram.Render("h2", y)])
            .Table(["metric", "value"], [["ari", "0.5"], ["<td>", "1"]]);
        string html = report.Render();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Report &amp; &lt;friends&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;td&gt;", html, StringComparison.Ordinal);
        // The user text mentioning a URL is the only 'http' and it is plain escaped text, not a reference.
        SvgAssert.AssertSelfContained(html.Replace("https://example.org", "example.org", StringComparison.Ordinal));
        Assert.Equal(3, html.Split("<svg ").Length - 1);
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").Table(["a", "b"], [["1"]]));
        string aligned = new HtmlReport("t").Table(["name", "share"], [["kmeans", "12.5%"], ["dbscan", "n/a"]]).Render();
        Assert.Contains("<td class=\"text\">kmeans</td><td>12.5%</td>", aligned, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">dbscan</td><td>n/a</td>", aligned, StringComparison.Ordinal);
    }
}
