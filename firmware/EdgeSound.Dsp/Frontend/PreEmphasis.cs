namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 2 (optional): pre-emphasis y[n] = x[n] - c * x[n-1] with c = <see cref="CoefficientQ15"/> / 2^15 (0.97).
/// </summary>
/// <remarks>Scales: the framer's Q-format in and out (int16 units * 2^f, as int); |y| &lt;= 1.97 * |x|max, so after DC
/// removal |y| &lt; 2^(17+f) = 2^29.
/// The product c * x[n-1] is rounded half up to an integer.</remarks>
public sealed class PreEmphasis
{
    /// <summary>Coefficient c in Q15: 31785 / 32768 = 0.97000.</summary>
    public const int CoefficientQ15 = 31785;

    private int previousInput;

    /// <summary>Filters <paramref name="samples"/> in place.</summary>
    public void Process(Span<int> samples)
    {
        int previous = previousInput;
        for (int i = 0; i < samples.Length; i++)
        {
            int x = samples[i];
            samples[i] = x - (int)(((long)previous * CoefficientQ15) + (1L << 14) >> 15);
            previous = x;
        }

        previousInput = previous;
    }

    /// <summary>Forgets the previous sample.</summary>
    public void Reset() => previousInput = 0;
}
