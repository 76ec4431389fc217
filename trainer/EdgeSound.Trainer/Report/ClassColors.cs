using ScottPlot;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// Categorical colors for class legends: ScottPlot's Category10 palette for up to ten classes, beyond that evenly
/// spaced samples of the Turbo colormap (ESC-50 has 50 classes). <see cref="Muted"/> draws the classes left out.
/// </summary>
public static class ClassColors
{
    private static readonly IPalette Few = new ScottPlot.Palettes.Category10();
    private static readonly IColormap Many = new ScottPlot.Colormaps.Turbo();

    public static Color Muted { get; } = Color.FromHex("#d0d0d0");

    /// <summary>Color of class <paramref name="index"/> among <paramref name="count"/> (0 &lt;= index &lt; count).</summary>
    public static Color Of(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return count <= 10 ? Few.GetColor(index) : Many.GetColor(index / (double)(count - 1));
    }
}
