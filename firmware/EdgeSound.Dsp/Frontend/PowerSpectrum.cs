using System.Numerics;

namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 5: power spectrum P_k = |X_k|^2 / 2^<see cref="Shift"/> as 64-bit integers, from the FFT's 2 * X_k.
/// </summary>
/// <remarks>
/// <para>Scales: input 2 * X_k as int (|.| &lt;= 2^29); |2X|^2 = re^2 + im^2 &lt;= 2^59 in a long; output
/// P_k = round(|2X_k|^2 / 2^(2 + Shift)) = |X_k|^2 / 2^Shift, rounded half up.</para>
/// <para>Shift = max(0, 2 * log2(N) - 18) keeps the filterbank's 64-bit sums safe: by Parseval the bins 0..N/2 hold at
/// most N * sum (x w)^2 &lt;= N * 2^34 * 3W/8 &lt;= 2^32.6 * N^2 of |X|^2, so sum P &lt;= 2^(32.6 + 2 log2 N - Shift) &lt;= 2^50.6, and
/// with Q12 weights a band sum stays below 2^62.6. At the default N = 512 the shift is 0: P is |X|^2 exactly, up to the
/// rounding of the last quarter unit.</para>
/// </remarks>
public sealed class PowerSpectrum
{
    /// <summary>Creates the stage for an FFT of <paramref name="fftSize"/> points.</summary>
    public PowerSpectrum(int fftSize)
    {
        if (fftSize < 8 || (fftSize & (fftSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be a power of two of at least 8.");
        }

        Shift = Math.Max(0, (2 * BitOperations.Log2((uint)fftSize)) - 18);
        Bins = (fftSize / 2) + 1;
    }

    /// <summary>Right shift applied to |X|^2: the true power is P * 2^Shift.</summary>
    public int Shift { get; }

    /// <summary>Number of bins, N/2 + 1.</summary>
    public int Bins { get; }

    /// <summary>Writes P_k for every bin.</summary>
    public void Process(ReadOnlySpan<int> re, ReadOnlySpan<int> im, Span<ulong> power)
    {
        if (re.Length < Bins || im.Length < Bins || power.Length < Bins)
        {
            throw new ArgumentException($"Power spectrum needs {Bins} bins; got {re.Length}, {im.Length}, {power.Length}.");
        }

        int shift = 2 + Shift;
        ulong round = 1UL << (shift - 1);
        for (int k = 0; k < Bins; k++)
        {
            long r = re[k];
            long i = im[k];
            power[k] = ((ulong)((r * r) + (i * i)) + round) >> shift;
        }
    }
}
