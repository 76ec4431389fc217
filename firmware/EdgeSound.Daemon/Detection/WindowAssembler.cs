namespace EdgeSound.Daemon.Detection;

/// <summary>
/// Collects frontend frames into analysis windows of <c>windowFrames</c> frames every <c>hopFrames</c> frames
/// (a sliding window over the frame stream). Push one frame (with its block energy) in; when it returns true,
/// pull the window with <see cref="CopyWindow"/>. No allocation after construction.
/// </summary>
public sealed class WindowAssembler
{
    private readonly sbyte[] _ring;
    private readonly double[] _energy;
    private readonly int _bands;
    private long _frames;
    private long _nextWindowEnd;

    public WindowAssembler(int windowFrames, int hopFrames, int bands, sbyte padValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        WindowFrames = windowFrames;
        HopFrames = hopFrames;
        PadValue = padValue;
        _bands = bands;
        _ring = new sbyte[windowFrames * bands];
        _energy = new double[windowFrames];
        _nextWindowEnd = windowFrames;
    }

    public int WindowFrames { get; }
    public int HopFrames { get; }
    public sbyte PadValue { get; }

    /// <summary>Frames pushed so far.</summary>
    public long Frames => _frames;

    /// <summary>Index of the first frame of the window last made ready.</summary>
    public long WindowStartFrame { get; private set; }

    /// <summary>Mean block energy over the window last made ready (full scale = 1.0).</summary>
    public double WindowMeanSquare { get; private set; }

    /// <summary>True once at least one window was made ready.</summary>
    public bool AnyWindow { get; private set; }

    public void Reset()
    {
        _frames = 0;
        _nextWindowEnd = WindowFrames;
        WindowStartFrame = 0;
        WindowMeanSquare = 0;
        AnyWindow = false;
    }

    /// <summary>Adds one frame; returns true when a window ends at this frame.</summary>
    public bool Push(ReadOnlySpan<sbyte> frame, double meanSquare)
    {
        if (frame.Length != _bands)
        {
            throw new ArgumentException($"frame has {frame.Length} bands, expected {_bands}", nameof(frame));
        }

        var slot = (int)(_frames % WindowFrames);
        frame.CopyTo(_ring.AsSpan(slot * _bands, _bands));
        _energy[slot] = meanSquare;
        _frames++;
        if (_frames != _nextWindowEnd)
        {
            return false;
        }

        _nextWindowEnd += HopFrames;
        WindowStartFrame = _frames - WindowFrames;
        var sum = 0.0;
        foreach (var e in _energy)
        {
            sum += e;
        }

        WindowMeanSquare = sum / WindowFrames;
        AnyWindow = true;
        return true;
    }

    /// <summary>
    /// At the end of a stream shorter than one window: makes one window of the frames there are, padded with
    /// <see cref="PadValue"/> (the frontend's silence). Returns false when a window was already made or no frame came.
    /// </summary>
    public bool FlushShort()
    {
        if (AnyWindow || _frames == 0)
        {
            return false;
        }

        var have = (int)_frames;
        _ring.AsSpan(have * _bands).Fill(PadValue);
        var sum = 0.0;
        for (var i = 0; i < have; i++)
        {
            sum += _energy[i];
        }

        WindowStartFrame = 0;
        WindowMeanSquare = sum / have;
        AnyWindow = true;
        return true;
    }

    /// <summary>Copies the window last made ready, oldest frame first, as [frame, band] row-major.</summary>
    public void CopyWindow(Span<sbyte> window)
    {
        if (window.Length != _ring.Length)
        {
            throw new ArgumentException($"window buffer holds {window.Length} values, expected {_ring.Length}", nameof(window));
        }

        if (_frames < WindowFrames)
        {
            _ring.CopyTo(window);
            return;
        }

        var oldest = (int)(_frames % WindowFrames) * _bands;
        var tail = _ring.Length - oldest;
        _ring.AsSpan(oldest).CopyTo(window);
        _ring.AsSpan(0, oldest).CopyTo(window[tail..]);
    }
}
