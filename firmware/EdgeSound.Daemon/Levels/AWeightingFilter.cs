namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The <see cref="AWeighting"/> filter as a streaming block: int16 PCM in (full scale 1.0), A-weighted doubles out.
/// The two IIR sections run in transposed direct form II, the 17-tap FIR on a doubled delay line so each output is
/// one contiguous dot product. Double precision throughout; no allocation. (NWaves' <c>FilterChain64</c> computes the
/// same output, as the tests check, but at 4.7 ms per second of audio against well under 1 ms here; see
/// <c>LevelBenchmarks</c>.)
/// </summary>
public sealed class AWeightingFilter
{
    private readonly double _b10, _b11, _b12, _a11, _a12;
    private readonly double _b20, _b21, _b22, _a21, _a22;
    private readonly double[] _taps;
    private readonly double[] _line;
    private double _s11, _s12, _s21, _s22;
    private int _head;

    /// <exception cref="ArgumentOutOfRangeException">The rate is below 2 kHz.</exception>
    public AWeightingFilter(double sampleRate)
    {
        var s = AWeighting.Sections(sampleRate);
        (_b10, _b11, _b12, _a11, _a12) = (s[0].B[0], s[0].B[1], s[0].B[2], s[0].A[1], s[0].A[2]);
        (_b20, _b21, _b22, _a21, _a22) = (s[1].B[0], s[1].B[1], s[1].B[2], s[1].A[1], s[1].A[2]);
        _taps = (double[])s[2].B.Clone();
        Array.Reverse(_taps);
        _line = new double[2 * _taps.Length];
    }

    /// <summary>Filters <paramref name="pcm"/> into <paramref name="weighted"/> (same length or longer), sample for sample.</summary>
    public void Process(ReadOnlySpan<short> pcm, Span<double> weighted)
    {
        var n = _taps.Length;
        var half = n / 2;
        var taps = _taps.AsSpan(0, half + 1);
        var line = _line.AsSpan();
        double s11 = _s11, s12 = _s12, s21 = _s21, s22 = _s22;
        var head = _head;
        for (var i = 0; i < pcm.Length; i++)
        {
            var x = pcm[i] / 32768.0;
            var y1 = (_b10 * x) + s11;
            s11 = (_b11 * x) - (_a11 * y1) + s12;
            s12 = (_b12 * x) - (_a12 * y1);
            var y2 = (_b20 * y1) + s21;
            s21 = (_b21 * y1) - (_a21 * y2) + s22;
            s22 = (_b22 * y1) - (_a22 * y2);

            line[head] = y2;
            line[head + n] = y2;
            head = head + 1 == n ? 0 : head + 1;
            var window = line.Slice(head, n);

            // Symmetric taps (linear phase): fold the window around its centre.
            var sum = taps[half] * window[half];
            for (var j = 0; j < half; j++)
            {
                sum += taps[j] * (window[j] + window[n - 1 - j]);
            }

            weighted[i] = sum;
        }

        (_s11, _s12, _s21, _s22, _head) = (s11, s12, s21, s22, head);
    }
}
