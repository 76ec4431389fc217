using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Polyphase Kaiser-windowed sinc low-pass for a rational rate change L/M (L = toRate/g, M = fromRate/g).
/// Band edges relative to the lower of the two Nyquist frequencies B: pass band up to 0.9 B, stop band from B,
/// cutoff 0.95 B, designed for 80 dB stop-band rejection (Kaiser beta = 0.1102 (A - 8.7), length from
/// Kaiser's formula N = (A - 8) / (2.285 dw)). Output sample n sits at input time n M / L; it is the dot product of
/// <see cref="Taps"/> inputs starting at input index floor(n M / L) - H + 1 with the coefficient row of phase
/// (n M mod L). Each phase row is normalised to unit DC gain. Up to 4096 phases every row is tabulated; a rate pair
/// with more (44101 to 16000 Hz has L = 16000) tabulates 1024 evenly spaced fractional delays plus the delay of one
/// whole sample and interpolates linearly between the two rows around a phase, so an odd rate costs about what a
/// common one does instead of a Kaiser window evaluation per tap and output sample. The interpolation error is of the
/// order of the squared row spacing (2^-20) times the kernel's curvature, below the 80 dB stop band, and the table
/// stays small (383999 Hz: 1025 rows of 2384 taps, 10 MB).
/// </summary>
internal sealed class ResamplingKernel
{
    public const double StopBandDb = 80.0;
    private const int MaxTabulatedPhases = 4096;
    private const int InterpolatedPhases = 1024;
    private readonly float[] _table;
    private readonly bool _interpolated;
    private readonly double _cutoff;
    private readonly double _beta;
    private readonly double _i0Beta;

    public ResamplingKernel(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        int g = Gcd(fromRate, toRate);
        Up = toRate / g;
        Down = fromRate / g;
        double band = Math.Min(fromRate, toRate) / 2.0;
        double transition = 0.1 * band;
        _cutoff = 0.95 * band / fromRate;
        _beta = 0.1102 * (StopBandDb - 8.7);
        _i0Beta = BesselI0(_beta);
        double deltaOmega = 2 * Math.PI * transition / fromRate;
        HalfWidth = (int)Math.Ceiling((StopBandDb - 8.0) / (2.285 * deltaOmega) / 2.0);
        Taps = 2 * HalfWidth;
        _interpolated = Up > MaxTabulatedPhases;
        int rows = _interpolated ? InterpolatedPhases + 1 : Up;
        int spacing = _interpolated ? InterpolatedPhases : Up;
        _table = new float[rows * Taps];
        for (int p = 0; p < rows; p++)
        {
            FillRow((double)p / spacing, _table.AsSpan(p * Taps, Taps));
        }
    }

    /// <summary>L: output samples per <see cref="Down"/> input samples.</summary>
    public int Up { get; }

    /// <summary>M.</summary>
    public int Down { get; }

    /// <summary>H: inputs used on each side of an output instant.</summary>
    public int HalfWidth { get; }

    /// <summary>2 H.</summary>
    public int Taps { get; }

    /// <summary>Index of the first input (relative to the input start) that output n reads: floor(n M / L) - H + 1.</summary>
    public long FirstInput(long n) => n * Down / Up - HalfWidth + 1;

    /// <summary>Output count for an input of the given length: ceil(length L / M).</summary>
    public long OutputLength(long inputLength) => (inputLength * Up + Down - 1) / Down;

    /// <summary>Output n from <paramref name="window"/> = the <see cref="Taps"/> inputs starting at <see cref="FirstInput"/>.</summary>
    public float Apply(long n, ReadOnlySpan<float> window, Span<float> rowScratch)
    {
        long phase = n * Down % Up;
        if (!_interpolated)
        {
            return Dot(_table.AsSpan((int)phase * Taps, Taps), window[..Taps]);
        }

        double position = (double)phase * InterpolatedPhases / Up;
        int below = (int)position;
        float w = (float)(position - below);
        ReadOnlySpan<float> a = _table.AsSpan(below * Taps, Taps), b = _table.AsSpan((below + 1) * Taps, Taps);
        for (int j = 0; j < Taps; j++)
        {
            rowScratch[j] = a[j] + (w * (b[j] - a[j]));
        }

        return Dot(rowScratch[..Taps], window[..Taps]);
    }

    /// <summary>The unit-DC-gain coefficient row of an output instant <paramref name="frac"/> (0..1) of an input sample after the window's centre.</summary>
    private void FillRow(double frac, Span<float> row)
    {
        double sum = 0;
        Span<double> h = Taps <= 2048 ? stackalloc double[Taps] : new double[Taps];
        for (int j = 0; j < Taps; j++)
        {
            double tau = frac + HalfWidth - 1 - j;
            double x = tau / HalfWidth;
            double w = Math.Abs(x) >= 1 ? 0 : BesselI0(_beta * Math.Sqrt(1 - x * x)) / _i0Beta;
            double arg = 2 * _cutoff * tau;
            double sinc = Math.Abs(arg) < 1e-12 ? 1 : Math.Sin(Math.PI * arg) / (Math.PI * arg);
            h[j] = 2 * _cutoff * sinc * w;
            sum += h[j];
        }

        for (int j = 0; j < Taps; j++)
        {
            row[j] = (float)(h[j] / sum);
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        var acc = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            i = va.Length * Vector<float>.Count;
        }

        float s = Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series).</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
