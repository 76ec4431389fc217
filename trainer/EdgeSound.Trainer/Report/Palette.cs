using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>Deterministic categorical colors: a fixed 10-color set for small legends, golden-angle HSL beyond.</summary>
public static class Palette
{
    private static readonly string[] Ten =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public const string Muted = "#d0d0d0";

    /// <summary>Color of category <paramref name="index"/> among <paramref name="count"/>.</summary>
    public static string Color(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (count <= Ten.Length) return Ten[index % Ten.Length];
        double hue = (index * 137.508) % 360.0;
        double saturation = 0.55 + 0.3 * ((index / 3) % 2);
        double lightness = (index % 3) switch { 0 => 0.38, 1 => 0.52, _ => 0.66 };
        return FromHsl(hue, saturation, lightness);
    }

    /// <summary>Sequential white-to-navy ramp for heatmaps; <paramref name="t"/> in [0, 1] (clamped).</summary>
    public static string Ramp(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        int r = (int)Math.Round(255 + (8 - 255) * t);
        int g = (int)Math.Round(255 + (48 - 255) * t);
        int b = (int)Math.Round(255 + (107 - 255) * t);
        return Hex(r, g, b);
    }

    private static string FromHsl(double h, double s, double l)
    {
        double c = (1 - Math.Abs(2 * l - 1)) * s;
        double hp = h / 60.0;
        double x = c * (1 - Math.Abs(hp % 2 - 1));
        (double r, double g, double b) = (int)hp switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        double m = l - c / 2;
        return Hex((int)Math.Round((r + m) * 255), (int)Math.Round((g + m) * 255), (int)Math.Round((b + m) * 255));
    }

    private static string Hex(int r, int g, int b) =>
        string.Create(CultureInfo.InvariantCulture, $"#{Math.Clamp(r, 0, 255):x2}{Math.Clamp(g, 0, 255):x2}{Math.Clamp(b, 0, 255):x2}");
}
