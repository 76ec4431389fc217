namespace EdgeSound.Trainer.Report;

/// <summary>Maps a data interval onto a pixel interval; degenerate or non-finite data ranges are widened.</summary>
public readonly struct LinearScale
{
    public LinearScale(double dataMin, double dataMax, double pixelMin, double pixelMax)
    {
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax))
        {
            dataMin = 0;
            dataMax = 1;
        }
        if (dataMax - dataMin < 1e-12)
        {
            dataMin -= 0.5;
            dataMax += 0.5;
        }
        DataMin = dataMin;
        DataMax = dataMax;
        PixelMin = pixelMin;
        PixelMax = pixelMax;
    }

    public double DataMin { get; }

    public double DataMax { get; }

    public double PixelMin { get; }

    public double PixelMax { get; }

    /// <summary>Pixel position of <paramref name="value"/>, clamped to the pixel interval.</summary>
    public double Map(double value)
    {
        double t = (value - DataMin) / (DataMax - DataMin);
        return PixelMin + Math.Clamp(t, 0, 1) * (PixelMax - PixelMin);
    }

    /// <summary>Finite min and max of <paramref name="values"/> (0, 1 when none is finite).</summary>
    public static (double Min, double Max) Extent(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return double.IsFinite(min) ? (min, max) : (0, 1);
    }

    /// <summary>About <paramref name="count"/> round tick values (1, 2 or 5 times a power of ten) inside the data range.</summary>
    public IReadOnlyList<double> Ticks(int count)
    {
        double span = DataMax - DataMin;
        double raw = span / Math.Max(1, count);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double normalized = raw / magnitude;
        double step = (normalized < 1.5 ? 1 : normalized < 3.5 ? 2 : normalized < 7.5 ? 5 : 10) * magnitude;
        var ticks = new List<double>();
        for (double t = Math.Ceiling(DataMin / step) * step; t <= DataMax + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }
}
