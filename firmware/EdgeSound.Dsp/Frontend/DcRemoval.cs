namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 1: one-pole DC-removal high-pass y[n] = x[n] - x[n-1] + a * y[n-1] with a = <see cref="PoleQ15"/> / 2^15
/// (0.99500, -3 dB at about 12.8 Hz for 16 kHz).
/// </summary>
/// <remarks>
/// Scales: input and output in the framer's Q-format (int16 units * 2^f, f = 12 in the frontend), held as int. The
/// output can exceed the input range: the filter's impulse response has absolute sum 2, so |y| &lt;= 2^(16+f) = 2^28,
/// e.g. overshoot after the edges of a full-scale square wave.
/// The state y is kept with 15 more fraction bits (y * 2^15, in a long, below 2^(31+f) = 2^43; times the pole below 2^58) so the feedback loses no precision and the filter
/// has no dead band above 0.005 units; the output is y rounded half up to an integer.
/// </remarks>
public sealed class DcRemoval
{
    /// <summary>Pole a in Q15: 32604 / 32768 = 0.99500.</summary>
    public const int PoleQ15 = 32604;

    private int previousInput;
    private long stateQ15;

    /// <summary>Filters <paramref name="samples"/> in place.</summary>
    public void Process(Span<int> samples)
    {
        int previous = previousInput;
        long state = stateQ15;
        for (int i = 0; i < samples.Length; i++)
        {
            int x = samples[i];
            state = ((long)(x - previous) << 15) + ((state * PoleQ15) + (1L << 14) >> 15);
            previous = x;
            samples[i] = (int)((state + (1L << 14)) >> 15);
        }

        previousInput = previous;
        stateQ15 = state;
    }

    /// <summary>Forgets the previous sample and the filter memory.</summary>
    public void Reset()
    {
        previousInput = 0;
        stateQ15 = 0;
    }
}
