namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 3: periodic Hann window w[n] = 0.5 - 0.5 * cos(2 pi n / N) in Q15 (1.0 = 32768), applied as
/// y[n] = round(x[n] * w[n] / 2^15) and zero-padded to the FFT length.
/// </summary>
/// <remarks>Scales: x in int16 units as int (|x| &lt; 2^17), w in [0, 32768], product in a long, y in int16 units.
/// Stateless, so there is nothing to reset.</remarks>
public sealed class HannWindow
{
    private readonly int[] coefficientsQ15;

    /// <summary>Builds the Q15 table for a window of <paramref name="length"/> samples.</summary>
    public HannWindow(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        coefficientsQ15 = new int[length];
        for (int n = 0; n < length; n++)
        {
            coefficientsQ15[n] = (int)Math.Round(32768.0 * (0.5 - (0.5 * Math.Cos(2.0 * Math.PI * n / length))), MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The Q15 coefficients.</summary>
    public ReadOnlySpan<int> CoefficientsQ15 => coefficientsQ15;

    /// <summary>Writes the windowed <paramref name="input"/> to the front of <paramref name="output"/> and zeros the rest.</summary>
    public void Process(ReadOnlySpan<int> input, Span<int> output)
    {
        if (input.Length != coefficientsQ15.Length || output.Length < input.Length)
        {
            throw new ArgumentException($"Window needs {coefficientsQ15.Length} input samples and room for them; got {input.Length} and {output.Length}.");
        }

        ReadOnlySpan<int> w = coefficientsQ15;
        for (int n = 0; n < w.Length; n++)
        {
            output[n] = (int)((((long)input[n] * w[n]) + (1L << 14)) >> 15);
        }

        output[w.Length..].Clear();
    }
}
