using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EdgeSound.Trainer.Report;
using Xunit;

namespace EdgeSound.Trainer.Tests.Report;

/// <summary>Checks shared by the chart and report tests: parseable SVG of positive size, nothing external, no NaN.</summary>
internal static partial class SvgAssert
{
    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex Source();

    /// <summary>Parses the SVG and checks it references nothing outside itself; returns the root element.</summary>
    public static XElement WellFormed(string svg)
    {
        var root = XElement.Parse(svg);
        Assert.Equal("svg", root.Name.LocalName);
        double width = double.Parse(root.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        double height = double.Parse(root.Attribute("height")!.Value, CultureInfo.InvariantCulture);
        Assert.True(width > 0 && height > 0, $"svg {width}x{height}");
        Assert.DoesNotContain(root.DescendantsAndSelf(), e => e.Name.LocalName == "script");
        foreach (var a in root.DescendantsAndSelf().SelectMany(e => e.Attributes()))
        {
            if (a.IsNamespaceDeclaration) continue;
            if (a.Name.LocalName == "href")
                Assert.True(a.Value.StartsWith('#') || a.Value.StartsWith("data:image/png;base64,", StringComparison.Ordinal), $"href {a.Value[..Math.Min(40, a.Value.Length)]}");
            if (a.Value.Contains("url(", StringComparison.Ordinal))
                Assert.StartsWith("url(#", a.Value, StringComparison.Ordinal);
            Assert.DoesNotContain("NaN", a.Value, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", a.Value, StringComparison.Ordinal);
        }
        return root;
    }

    /// <summary>Texts drawn in the SVG, trimmed.</summary>
    public static IReadOnlyList<string> Texts(XElement root) =>
        root.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

    /// <summary>The SVG documents embedded as data: URIs in a report page.</summary>
    public static IReadOnlyList<string> EmbeddedCharts(string html) =>
        Source().Matches(html).Select(m => m.Groups[1].Value)
            .Where(s => s.StartsWith(HtmlReport.SvgDataUri, StringComparison.Ordinal))
            .Select(s => Encoding.UTF8.GetString(Convert.FromBase64String(s[HtmlReport.SvgDataUri.Length..]))).ToList();

    /// <summary>A page that loads nothing: no scripts, links, imports or URLs, and every src an embedded SVG chart.</summary>
    public static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", html, StringComparison.Ordinal);
        Assert.All(Source().Matches(html), m => Assert.StartsWith(HtmlReport.SvgDataUri, m.Groups[1].Value, StringComparison.Ordinal));
        foreach (var svg in EmbeddedCharts(html)) WellFormed(svg);
    }
}
