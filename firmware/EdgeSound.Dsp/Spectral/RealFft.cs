using System.Numerics;

namespace EdgeSound.Dsp.Spectral;

/// <summary>
/// Forward FFT of a real frame of power-of-two length N: an N/2-point complex radix-2 FFT over the
/// even/odd-packed input (z[n] = x[2n] + i x[2n+1]) followed by the split step
/// X[k] = (Z[k] + conj Z[N/2-k]) / 2 + e^{-2 pi i k/N} (Z[k] - conj Z[N/2-k]) / (2i), k = 0..N/2.
/// Twiddles and the bit-reversal permutation are computed once; transforms allocate nothing.
/// Unnormalised (X[0] = sum x). An instance holds scratch buffers: use one per thread.
/// </summary>
public sealed class RealFft
{
    private readonly int _half;
    private readonly int[] _bitReverse;
    private readonly float[] _twiddleRe;   // e^{-2 pi i j / (N/2)}, j < N/4
    private readonly float[] _twiddleIm;
    private readonly float[] _splitRe;     // e^{-2 pi i k / N}, k <= N/2
    private readonly float[] _splitIm;
    private readonly float[] _re;
    private readonly float[] _im;

    public RealFft(int size)
    {
        if (size < 4 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two >= 4");
        }

        Size = size;
        _half = size / 2;
        int bits = BitOperations.Log2((uint)_half);
        _bitReverse = new int[_half];
        for (int i = 0; i < _half; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _bitReverse[i] = r;
        }

        int quarter = Math.Max(1, _half / 2);
        _twiddleRe = new float[quarter];
        _twiddleIm = new float[quarter];
        for (int j = 0; j < quarter; j++)
        {
            double a = -2 * Math.PI * j / _half;
            _twiddleRe[j] = (float)Math.Cos(a);
            _twiddleIm[j] = (float)Math.Sin(a);
        }

        _splitRe = new float[_half + 1];
        _splitIm = new float[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            double a = -2 * Math.PI * k / size;
            _splitRe[k] = (float)Math.Cos(a);
            _splitIm[k] = (float)Math.Sin(a);
        }

        _re = new float[_half];
        _im = new float[_half];
    }

    /// <summary>N, the frame length.</summary>
    public int Size { get; }

    /// <summary>N/2 + 1, the number of non-negative-frequency bins.</summary>
    public int BinCount => _half + 1;

    /// <summary>Bins 0..N/2 of the DFT of <paramref name="input"/> (length N).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imaginary)
    {
        Transform(input);
        if (real.Length < BinCount || imaginary.Length < BinCount)
        {
            throw new ArgumentException($"outputs need {BinCount} bins");
        }

        float[] zr = _re, zi = _im;
        real[0] = zr[0] + zi[0];
        imaginary[0] = 0;
        real[_half] = zr[0] - zi[0];
        imaginary[_half] = 0;
        for (int k = 1; k < _half; k++)
        {
            Split(k, zr, zi, out real[k], out imaginary[k]);
        }
    }

    /// <summary>|X[k]|^2 for k = 0..N/2.</summary>
    public void PowerSpectrum(ReadOnlySpan<float> input, Span<float> power)
    {
        Transform(input);
        if (power.Length < BinCount)
        {
            throw new ArgumentException($"output needs {BinCount} bins", nameof(power));
        }

        float[] zr = _re, zi = _im;
        float dc = zr[0] + zi[0];
        float nyquist = zr[0] - zi[0];
        power[0] = dc * dc;
        power[_half] = nyquist * nyquist;
        for (int k = 1; k < _half; k++)
        {
            Split(k, zr, zi, out float xr, out float xi);
            power[k] = xr * xr + xi * xi;
        }
    }

    private void Split(int k, float[] zr, float[] zi, out float xr, out float xi)
    {
        float a = zr[k], b = zi[k];
        float c = zr[_half - k], d = zi[_half - k];
        float er = 0.5f * (a + c), ei = 0.5f * (b - d);
        float or = 0.5f * (b + d), oi = -0.5f * (a - c);
        float wr = _splitRe[k], wi = _splitIm[k];
        xr = er + wr * or - wi * oi;
        xi = ei + wr * oi + wi * or;
    }

    private void Transform(ReadOnlySpan<float> input)
    {
        if (input.Length != Size)
        {
            throw new ArgumentException($"input has {input.Length} samples, the FFT size is {Size}", nameof(input));
        }

        float[] re = _re, im = _im;
        int[] rev = _bitReverse;
        for (int i = 0; i < _half; i++)
        {
            int j = rev[i];
            re[j] = input[2 * i];
            im[j] = input[2 * i + 1];
        }

        int n = _half;
        for (int i = 0; i + 1 < n; i += 2)
        {
            float tr = re[i + 1], ti = im[i + 1];
            re[i + 1] = re[i] - tr;
            im[i + 1] = im[i] - ti;
            re[i] += tr;
            im[i] += ti;
        }

        for (int len = 4; len <= n; len <<= 1)
        {
            int halfLen = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len)
            {
                for (int j = 0; j < halfLen; j++)
                {
                    float wr = _twiddleRe[j * step], wi = _twiddleIm[j * step];
                    int p = start + j, q = p + halfLen;
                    float xr = re[q], xi = im[q];
                    float tr = wr * xr - wi * xi;
                    float ti = wr * xi + wi * xr;
                    re[q] = re[p] - tr;
                    im[q] = im[p] - ti;
                    re[p] += tr;
                    im[p] += ti;
                }
            }
        }
    }
}
