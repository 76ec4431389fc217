namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 5: power spectrum P_k = |2X_k|^2 = re^2 + im^2 as exact 64-bit integers, from the FFT's 2 * X_k.
/// </summary>
/// <remarks>Scales: input 2 * X_k as int (|.| &lt;= 2^30); output P_k = 4 * |X_k|^2 in the squared sample Q-format
/// (&lt;= 2^61), no rounding. Stateless.</remarks>
public sealed class PowerSpectrum
{
    /// <summary>Creates the stage for an FFT of <paramref name="fftSize"/> points.</summary>
    public PowerSpectrum(int fftSize)
    {
        if (fftSize < 8 || (fftSize & (fftSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be a power of two of at least 8.");
        }

        Bins = (fftSize / 2) + 1;
    }

    /// <summary>Number of bins, N/2 + 1.</summary>
    public int Bins { get; }

    /// <summary>Writes P_k for every bin.</summary>
    public void Process(ReadOnlySpan<int> re, ReadOnlySpan<int> im, Span<ulong> power)
    {
        if (re.Length < Bins || im.Length < Bins || power.Length < Bins)
        {
            throw new ArgumentException($"Power spectrum needs {Bins} bins; got {re.Length}, {im.Length}, {power.Length}.");
        }

        for (int k = 0; k < Bins; k++)
        {
            long r = re[k];
            long i = im[k];
            power[k] = (ulong)((r * r) + (i * i));
        }
    }
}
