namespace EdgeSound.Dsp.Frontend;

/// <summary>Int8 log-mel frames of one clip, row-major [frame, band] (scale: <see cref="LogMelScale"/>).</summary>
public sealed class FrameMatrix
{
    private readonly sbyte[] data;

    /// <summary>Wraps <paramref name="data"/> (not copied) as <paramref name="frames"/> rows of <paramref name="bands"/> values.</summary>
    public FrameMatrix(int frames, int bands, sbyte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bands);
        if ((long)frames * bands != data.Length)
        {
            throw new ArgumentException($"Frame data has {data.Length} values, expected frames ({frames}) x bands ({bands}) = {(long)frames * bands}.", nameof(data));
        }

        Frames = frames;
        Bands = bands;
        this.data = data;
    }

    /// <summary>Number of frames (rows).</summary>
    public int Frames { get; }

    /// <summary>Values per frame (mel bands).</summary>
    public int Bands { get; }

    /// <summary>All values, row-major [frame, band].</summary>
    public ReadOnlySpan<sbyte> Data => data;

    /// <summary>Value of <paramref name="band"/> in <paramref name="frame"/>.</summary>
    public sbyte this[int frame, int band]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)band, (uint)Bands, nameof(band));
            return Frame(frame)[band];
        }
    }

    /// <summary>The <see cref="Bands"/> values of frame <paramref name="i"/>.</summary>
    public ReadOnlySpan<sbyte> Frame(int i)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)Frames, nameof(i));
        return data.AsSpan(i * Bands, Bands);
    }
}
