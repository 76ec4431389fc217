namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 7 (optional, PCAN-like, default off): per-band noise-floor subtraction on the linear mel energies.
/// noise_b += (E_b - noise_b) / 2^<see cref="SmoothingShift"/> (a running mean with a time constant of 32 frames,
/// about 0.5 s at a 16 ms hop), then E_b' = max(E_b - noise_b, E_b / 2^<see cref="MinRemainingShift"/>).
/// </summary>
/// <remarks>
/// <para>Scales: energies as the filterbank writes them (<see cref="UInt128"/>, below 2^75, so differences fit an
/// <see cref="Int128"/>); the noise estimate has the same scale. The divisions are arithmetic right shifts (floor).</para>
/// <para>Off by default: the estimate depends on everything heard before, so a training clip (fresh state) and the same
/// sound inside a 24/7 stream give different frames. Turn it on only for both training and the device.</para>
/// </remarks>
public sealed class NoiseReduction
{
    /// <summary>Smoothing of the noise estimate: 1/32 per frame.</summary>
    public const int SmoothingShift = 5;

    /// <summary>At least 1/16 of a band's energy (-12 dB) is kept.</summary>
    public const int MinRemainingShift = 4;

    private readonly UInt128[] noise;

    /// <summary>Creates the stage for <paramref name="bands"/> bands with a zero noise estimate.</summary>
    public NoiseReduction(int bands)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bands);
        noise = new UInt128[bands];
    }

    /// <summary>The current noise estimate per band.</summary>
    public ReadOnlySpan<UInt128> Noise => noise;

    /// <summary>Updates the estimate and subtracts it from <paramref name="energies"/> in place.</summary>
    public void Process(Span<UInt128> energies)
    {
        if (energies.Length != noise.Length)
        {
            throw new ArgumentException($"Noise reduction has {noise.Length} bands; got {energies.Length}.", nameof(energies));
        }

        for (int b = 0; b < noise.Length; b++)
        {
            UInt128 e = energies[b];
            Int128 difference = (Int128)e - (Int128)noise[b];
            UInt128 estimate = (UInt128)((Int128)noise[b] + (difference >> SmoothingShift));
            noise[b] = estimate;
            UInt128 remaining = e > estimate ? e - estimate : UInt128.Zero;
            UInt128 minimum = e >> MinRemainingShift;
            energies[b] = remaining > minimum ? remaining : minimum;
        }
    }

    /// <summary>Forgets the noise estimate.</summary>
    public void Reset() => Array.Clear(noise);
}
