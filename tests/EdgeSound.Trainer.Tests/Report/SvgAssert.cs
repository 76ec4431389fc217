using System.Globalization;
using System.Xml.Linq;
using Xunit;

namespace EdgeSound.Trainer.Tests.Report;

/// <summary>Checks shared by all chart tests: parseable XML, nothing external, finite numbers inside the viewBox.</summary>
internal static class SvgAssert
{
    private static readonly string[] XAttributes = ["x", "cx", "x1", "x2"];
    private static readonly string[] YAttributes = ["y", "cy", "y1", "y2"];

    public static XElement WellFormedAndInside(string svg)
    {
        AssertSelfContained(svg);
        var root = XElement.Parse(svg);
        Assert.Equal("svg", root.Name.LocalName);
        var box = root.Attribute("viewBox")?.Value.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.NotNull(box);
        Assert.Equal(4, box!.Length);
        double width = box[2], height = box[3];
        Assert.True(width > 0 && height > 0, $"viewBox {width}x{height}");

        foreach (var e in root.DescendantsAndSelf())
        {
            foreach (var a in e.Attributes())
            {
                if (a.Name.LocalName is "viewBox" or "transform" or "fill" or "stroke" or "text-anchor" or "role" or "font-family" or "font-weight")
                    continue;
                if (double.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    Assert.True(double.IsFinite(v), $"{e.Name.LocalName}@{a.Name}={a.Value}");
                else
                    Assert.Fail($"{e.Name.LocalName}@{a.Name} is not a number: '{a.Value}'");
            }
            foreach (var name in XAttributes)
                if (e.Attribute(name) is { } ax) AssertWithin(e, name, double.Parse(ax.Value, CultureInfo.InvariantCulture), width);
            foreach (var name in YAttributes)
                if (e.Attribute(name) is { } ay) AssertWithin(e, name, double.Parse(ay.Value, CultureInfo.InvariantCulture), height);
            if (e.Name.LocalName == "rect")
            {
                double x = Attr(e, "x"), y = Attr(e, "y"), w = Attr(e, "width"), h = Attr(e, "height");
                Assert.True(w >= 0 && h >= 0, $"rect size {w}x{h}");
                Assert.True(x + w <= width + 0.01 && y + h <= height + 0.01, $"rect ({x},{y},{w},{h}) leaves {width}x{height}");
            }
            if (e.Name.LocalName == "circle")
            {
                double cx = Attr(e, "cx"), cy = Attr(e, "cy"), r = Attr(e, "r");
                Assert.True(cx - r >= -0.01 && cy - r >= -0.01 && cx + r <= width + 0.01 && cy + r <= height + 0.01,
                    $"circle ({cx},{cy},r={r}) leaves {width}x{height}");
            }
        }
        return root;
    }

    public static void AssertSelfContained(string text)
    {
        Assert.DoesNotContain("http", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
    }

    private static double Attr(XElement e, string name) =>
        double.Parse(e.Attribute(name)?.Value ?? throw new Xunit.Sdk.XunitException($"{e.Name.LocalName} lacks {name}"), CultureInfo.InvariantCulture);

    private static void AssertWithin(XElement e, string name, double v, double limit) =>
        Assert.True(v >= -0.01 && v <= limit + 0.01, $"{e.Name.LocalName}@{name}={v} outside [0, {limit}]");
}
