namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 8: log and int8 quantization, value = clamp(round(6 * log2(E)) - 148, -128, 127) (<see cref="LogMelScale"/>),
/// where E is the true mel energy; E = 0 gives <see cref="LogMelScale.Floor"/>.
/// </summary>
/// <remarks>Scales: input energies as <see cref="UInt128"/> in units of 2^<c>energyLog2Offset</c> of true mel energy
/// (<see cref="FixedPointScaling.EnergyLog2Offset"/>), log2 in Q16 via <see cref="FixedLog2"/> of the top 64 significant bits plus the bits dropped; 6 * log2 fits an int (below 2^25);
/// rounding is half up (an arithmetic shift after adding 1/2). Stateless.</remarks>
public sealed class LogMelQuantizer
{
    private readonly int offsetQ16;

    /// <summary>Creates the stage for energies whose unit is 2^<paramref name="energyLog2Offset"/> of true mel energy.</summary>
    public LogMelQuantizer(int energyLog2Offset)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(energyLog2Offset), 128, nameof(energyLog2Offset));
        offsetQ16 = energyLog2Offset << FixedLog2.FractionBits;
    }

    /// <summary>Writes one int8 value per energy.</summary>
    public void Process(ReadOnlySpan<UInt128> energies, Span<sbyte> frame)
    {
        if (frame.Length < energies.Length)
        {
            throw new ArgumentException($"Frame has room for {frame.Length} values; {energies.Length} bands.", nameof(frame));
        }

        const int half = 1 << (FixedLog2.FractionBits - 1);
        for (int b = 0; b < energies.Length; b++)
        {
            UInt128 e = energies[b];
            if (e == UInt128.Zero)
            {
                frame[b] = LogMelScale.Floor;
                continue;
            }

            ulong high = (ulong)(e >> 64);
            ulong low = (ulong)e;
            int dropped = high == 0 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(high);
            ulong top = dropped == 0 ? low : (high << (64 - dropped)) | (low >> dropped);
            int log2Q16 = FixedLog2.Log2Q16(top) + (dropped << FixedLog2.FractionBits) + offsetQ16;
            int value = (((LogMelScale.StepsPerOctave * log2Q16) + half) >> FixedLog2.FractionBits) - LogMelScale.Offset;
            frame[b] = (sbyte)Math.Clamp(value, LogMelScale.Floor, LogMelScale.Ceiling);
        }
    }
}
