using System.Numerics;

namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Integer log2 in Q16 (1.0 = 65536): the integer part is the position of the highest set bit; the fraction comes from
/// a 257-entry table of log2(1 + i/256) in Q16, indexed by the next 8 bits and linearly interpolated with the 16 bits
/// after them. Largest error about 2.7e-6 (0.2 Q16 units) from the interpolation plus table rounding.
/// </summary>
public static class FixedLog2
{
    /// <summary>Fraction bits of the result.</summary>
    public const int FractionBits = 16;

    private const int IndexBits = 8;
    private static readonly int[] Table = BuildTable();

    /// <summary>The table: log2(1 + i / 256) in Q16 for i = 0..256.</summary>
    public static ReadOnlySpan<int> TableQ16 => Table;

    /// <summary>log2(<paramref name="value"/>) in Q16; <paramref name="value"/> must be positive.</summary>
    public static int Log2Q16(ulong value)
    {
        if (value == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "log2 of 0 is undefined.");
        }

        int exponent = BitOperations.Log2(value);
        ulong mantissa = value << (63 - exponent);               // leading 1 at bit 63
        int index = (int)((mantissa >> (63 - IndexBits)) & ((1 << IndexBits) - 1));
        long remainder = (long)((mantissa >> (63 - IndexBits - 16)) & 0xFFFF);
        int low = Table[index];
        int fraction = low + (int)((((Table[index + 1] - low) * remainder) + (1 << 15)) >> 16);
        return (exponent << FractionBits) + fraction;
    }

    private static int[] BuildTable()
    {
        var table = new int[(1 << IndexBits) + 1];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (int)Math.Round(Math.Log2(1.0 + ((double)i / (1 << IndexBits))) * (1 << FractionBits), MidpointRounding.AwayFromZero);
        }

        return table;
    }
}
