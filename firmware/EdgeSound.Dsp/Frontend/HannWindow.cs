namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 3: periodic Hann window w[n] = 0.5 - 0.5 * cos(2 pi n / N) in Q<see cref="FractionBits"/>, applied as
/// y[n] = round(x[n] * w[n] * 2^s / 2^FractionBits), with the frame's block shift s, and zero-padded to the FFT length.
/// </summary>
/// <remarks>Scales: x in Q12 int16 units (|x| &lt; 2^29), w in [0, 2^30], product in a long (&lt; 2^59), y in Q(12 + s)
/// where s (-11..12) is the frame's block shift (<see cref="FixedPointScaling.BlockShift"/> keeps |y| below the FFT's
/// headroom). Why Q30 rather than Q15: the rounding of Q15 coefficients (1.5e-5) leaks a
/// tone's energy into every band about 105 dB below it; Q30 puts that leak below the int16 input's own noise.
/// Stateless, so there is nothing to reset.</remarks>
public sealed class HannWindow
{
    /// <summary>Fraction bits of a coefficient: 1.0 = 2^30.</summary>
    public const int FractionBits = 30;

    private readonly int[] coefficients;

    /// <summary>Builds the Q30 table for a window of <paramref name="length"/> samples.</summary>
    public HannWindow(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        coefficients = new int[length];
        for (int n = 0; n < length; n++)
        {
            coefficients[n] = (int)Math.Round((1 << FractionBits) * (0.5 - (0.5 * Math.Cos(2.0 * Math.PI * n / length))), MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The Q30 coefficients.</summary>
    public ReadOnlySpan<int> Coefficients => coefficients;

    /// <summary>Writes the windowed <paramref name="input"/>, scaled by 2^<paramref name="blockShift"/>, to the front of
    /// <paramref name="output"/> and zeros the rest.</summary>
    public void Process(ReadOnlySpan<int> input, Span<int> output, int blockShift = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockShift, -FractionBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockShift, FractionBits - 1);
        if (input.Length != coefficients.Length || output.Length < input.Length)
        {
            throw new ArgumentException($"Window needs {coefficients.Length} input samples and room for them; got {input.Length} and {output.Length}.");
        }

        int shift = FractionBits - blockShift;
        long half = 1L << (shift - 1);
        ReadOnlySpan<int> w = coefficients;
        for (int n = 0; n < w.Length; n++)
        {
            output[n] = (int)((((long)input[n] * w[n]) + half) >> shift);
        }

        output[w.Length..].Clear();
    }
}
