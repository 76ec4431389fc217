using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// Renders a ScottPlot plot as an SVG document (text; ScottPlot draws through SkiaSharp, headless) in
/// <see cref="Font"/>, which ScottPlot also measures the labels with.
/// </summary>
public static class ChartSvg
{
    /// <summary>Font family of every chart (Debian's fonts-dejavu-core, which Chromium also has).</summary>
    public const string Font = "DejaVu Sans";

    /// <summary>The plot as SVG of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static string Render(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        plot.Font.Set(Font);
        return plot.GetSvgXml(width, height);
    }
}
