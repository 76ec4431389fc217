using System.Numerics;

namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The A frequency weighting of IEC 61672-1:2013 (annex E) as a digital filter for a 16 kHz stream. The analogue
/// weighting has four zeros at 0 Hz and poles at f1 = 20.60 Hz (double), f2 = 107.7 Hz, f3 = 737.9 Hz and
/// f4 = 12194 Hz (double). Here:
/// <list type="number">
/// <item>the zeros and the poles below Nyquist (f1, f1, f2, f3) are mapped by the bilinear transform
/// s = 2 fs (z - 1)/(z + 1) (no pre-warping: these poles lie far below fs/2) into two IIR second-order sections;</item>
/// <item>the double pole at 12194 Hz lies above Nyquist (8 kHz), where the bilinear transform can only fold it into two
/// zeros at z = -1, costing -5.8 dB at 6.3 kHz and all response at 8 kHz. Instead a 17-tap linear-phase FIR section
/// (8 samples = 0.5 ms of delay) supplies what the two IIR sections lack of the standard's response: its cosine-series
/// coefficients are the least-squares fit over 0..fs/2 of the ratio analogue / IIR magnitude.</item>
/// </list>
/// Gain is set for exactly 0 dB at 1 kHz. <see cref="AWeightingFilter"/> runs the sections on a stream.
/// Error at 16 kHz (31.5 Hz to the 8 kHz band's exact 7943 Hz): within 0.08 dB of the standard's formula, within 0.07 dB
/// of its table (which is rounded to 0.1 dB); at Nyquist itself -1.03 dB against -1.15 dB. The level tests print the
/// table for this design and for the plain bilinear one.
/// </summary>
public static class AWeighting
{
    /// <summary>Pole frequencies of IEC 61672-1 annex E (Hz).</summary>
    public const double F1 = 20.60, F2 = 107.7, F3 = 737.9, F4 = 12194;

    /// <summary>Half-length of the FIR section: 2 * 8 + 1 taps.</summary>
    private const int FirHalf = 8;

    private const int FitPoints = 2048;

    /// <summary>
    /// The standard's analogue A weighting at <paramref name="hz"/>, dB relative to 1 kHz (IEC 61672-1 equation E.6:
    /// A(f) = 20 lg[f4^2 f^4 / ((f^2 + f1^2) (f^2 + f2^2)^1/2 (f^2 + f3^2)^1/2 (f^2 + f4^2))] - A1000).
    /// </summary>
    public static double AnalogueGainDb(double hz) => AnalogueUnnormalisedDb(hz) - AnalogueUnnormalisedDb(1000);

    /// <summary>Magnitude response of the digital filter at <paramref name="hz"/> (0..fs/2), dB.</summary>
    public static double DigitalGainDb(double hz, double sampleRate)
    {
        var z = Complex.FromPolarCoordinates(1, 2 * Math.PI * hz / sampleRate);
        var h = Complex.One;
        foreach (var (b, a) in Sections(sampleRate))
        {
            h *= Evaluate(b, z) / Evaluate(a, z);
        }

        return 20 * Math.Log10(h.Magnitude);
    }

    /// <summary>
    /// Numerator and denominator coefficients of the three sections in z^-1: two IIR biquads (b0 b1 b2 / 1 a1 a2), then
    /// the FIR section (17 taps / 1), which carries the gain.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is below 2 kHz.</exception>
    public static (double[] B, double[] A)[] Sections(double sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 2000);
        var p1 = BilinearPole(F1, sampleRate);
        var p2 = BilinearPole(F2, sampleRate);
        var p3 = BilinearPole(F3, sampleRate);
        (double[] B, double[] A)[] iir =
        [
            ([1, -2, 1], [1, -2 * p1, p1 * p1]),
            ([1, -2, 1], [1, -(p2 + p3), p2 * p3]),
        ];
        var fir = FitFir(iir, sampleRate);
        (double[] B, double[] A)[] sections = [.. iir, (fir, [1.0])];
        var z = Complex.FromPolarCoordinates(1, 2 * Math.PI * 1000 / sampleRate);
        var h = Complex.One;
        foreach (var (b, a) in sections)
        {
            h *= Evaluate(b, z) / Evaluate(a, z);
        }

        for (var i = 0; i < fir.Length; i++)
        {
            fir[i] /= h.Magnitude;
        }

        return sections;
    }

    /// <summary>The z-plane image of the real analogue pole s = -2 pi f: z = (2 fs + s) / (2 fs - s).</summary>
    private static double BilinearPole(double hz, double sampleRate)
    {
        var s = -2 * Math.PI * hz;
        var k = 2 * sampleRate;
        return (k + s) / (k - s);
    }

    /// <summary>
    /// Taps of the linear-phase FIR whose zero-phase response c0 + sum c_k cos(k w) is the least-squares fit over
    /// w in [0, pi] of the target |analogue(w)| / |IIR(w)| (both unnormalised): the cosines are orthogonal there, so
    /// the fit is the truncated cosine series, c_k = (2/pi) integral of target * cos(k w) (c0 with 1/pi), taken by the
    /// midpoint rule.
    /// </summary>
    private static double[] FitFir((double[] B, double[] A)[] iir, double sampleRate)
    {
        var c = new double[FirHalf + 1];
        for (var i = 0; i < FitPoints; i++)
        {
            var w = Math.PI * (i + 0.5) / FitPoints;
            var z = Complex.FromPolarCoordinates(1, w);
            var h = Complex.One;
            foreach (var (b, a) in iir)
            {
                h *= Evaluate(b, z) / Evaluate(a, z);
            }

            var target = Math.Pow(10, AnalogueUnnormalisedDb(w * sampleRate / (2 * Math.PI)) / 20) / h.Magnitude;
            for (var k = 0; k <= FirHalf; k++)
            {
                c[k] += target * Math.Cos(k * w) * (k == 0 ? 1.0 : 2.0) / FitPoints;
            }
        }

        var taps = new double[(2 * FirHalf) + 1];
        taps[FirHalf] = c[0];
        for (var k = 1; k <= FirHalf; k++)
        {
            taps[FirHalf - k] = c[k] / 2;
            taps[FirHalf + k] = c[k] / 2;
        }

        return taps;
    }

    /// <summary>Polynomial in z^-1 with coefficients <paramref name="c"/>, at <paramref name="z"/>.</summary>
    private static Complex Evaluate(double[] c, Complex z)
    {
        var sum = Complex.Zero;
        var power = Complex.One;
        foreach (var coefficient in c)
        {
            sum += coefficient * power;
            power /= z;
        }

        return sum;
    }

    private static double AnalogueUnnormalisedDb(double f)
    {
        var f2 = f * f;
        return 20 * Math.Log10(F4 * F4 * f2 * f2 / ((f2 + (F1 * F1)) * Math.Sqrt(f2 + (F2 * F2)) * Math.Sqrt(f2 + (F3 * F3)) * (f2 + (F4 * F4))));
    }
}
