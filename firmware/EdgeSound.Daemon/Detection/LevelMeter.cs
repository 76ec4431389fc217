namespace EdgeSound.Daemon.Detection;

/// <summary>
/// Mean square of int16 PCM per block of <c>blockSamples</c> (one frontend hop), so each frontend frame can be
/// paired with the energy of its hop. Push samples in, pull block energies out (full scale = 1.0).
/// </summary>
public sealed class LevelMeter
{
    private readonly int _blockSamples;
    private readonly double[] _ring;
    private long _sumSquares;
    private int _filled;
    private long _blocks;

    public LevelMeter(int blockSamples, int ringBlocks = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSamples, 1);
        _blockSamples = blockSamples;
        _ring = new double[ringBlocks];
    }

    /// <summary>Blocks completed since the start (or the last <see cref="Reset"/>).</summary>
    public long Blocks => _blocks;

    public void Reset()
    {
        _sumSquares = 0;
        _filled = 0;
        _blocks = 0;
    }

    public void Process(ReadOnlySpan<short> pcm)
    {
        foreach (var s in pcm)
        {
            _sumSquares += s * s;
            if (++_filled == _blockSamples)
            {
                _ring[_blocks % _ring.Length] = _sumSquares / (32768.0 * 32768.0 * _blockSamples);
                _blocks++;
                _sumSquares = 0;
                _filled = 0;
            }
        }
    }

    /// <summary>Mean square of block <paramref name="index"/>; it must be among the last ring-size blocks.</summary>
    public double BlockMeanSquare(long index)
    {
        if (index < 0 || index >= _blocks || index < _blocks - _ring.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"block not held (blocks done: {_blocks})");
        }

        return _ring[index % _ring.Length];
    }

    /// <summary>RMS level in dBFS of a mean square (full scale = 1.0), floored at -120 dBFS.</summary>
    public static double ToDbfs(double meanSquare) => meanSquare <= 1e-12 ? -120 : 10 * Math.Log10(meanSquare);
}
