using System.Numerics;

namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// The fixed-point scales of the whole chain: a static sample format with 12 bits below the int16 LSB, and a per-frame
/// block exponent that puts each frame's largest sample just inside the FFT's headroom. The exponent depends only on the
/// frame's own samples, so identical input always gives identical bits, in any chunking.
/// </summary>
/// <remarks>
/// <para>Samples: int16 PCM is held as int in Q12 (x * 2^12, <see cref="SampleFractionBits"/>). DC removal can double a
/// sample's size (|h| sums to 2) and pre-emphasis adds at most 0.97 of the previous one, so |x| &lt; 2^(17+12) = 2^29.
/// Twelve fraction bits keep the rounding of the sample filters (periodic, hence coherent, for periodic input) 4096
/// times below the input's own quantization step.</para>
/// <para>FFT headroom: the Hann window sums to W/2, so with |y| &lt; 2^L the FFT input has S = sum |y| &lt; 2^L * W / 2 and
/// every output 2X_k is below 2^L * W. L = <see cref="FftInputBits"/> = 30 - ceil(log2 W) (21 at W = 512) keeps that at
/// most 2^30, inside int32.</para>
/// <para>Block exponent: the window stage multiplies a frame by 2^s, s = min(<see cref="MaxBlockShift"/>,
/// L - bits(max |x|)), so the largest sample fills the headroom: s = -8 for a full-scale frame, about +1 for a frame at
/// -54 dBFS, +12 for silence. The FFT's own rounding (a few units) then sits far below the frame's quantization noise.</para>
/// <para>Power and energy: |2X_k|^2 exactly (below 2^61). By Parseval a band's sum with Q12 weights is below
/// 2^12 * 4 * N * 2^(2L) * 3W/8 &lt;= 2^80.6 (any allowed W, N). The filterbank shifts it left by 2 * (MaxBlockShift - s)
/// (at most 2 * (12 + 11) = 46, and at most 2^118.6 in all) so every frame lands on one common scale in a
/// <see cref="UInt128"/>: no bit of a quiet band is thrown away. A band value is then the true mel energy (int16 units,
/// unscaled DFT) times 2^-<see cref="EnergyLog2Offset"/> = 4 * 2^(2 * (12 + 12)) * 2^12 = 2^62.</para>
/// </remarks>
public sealed record FixedPointScaling(int FftInputBits)
{
    /// <summary>Fraction bits of a sample below the int16 LSB.</summary>
    public const int SampleFractionBits = 12;

    /// <summary>Largest per-frame block shift s.</summary>
    public const int MaxBlockShift = 12;

    /// <summary>log2 of (true mel energy / band value): -(2 + 2 * (SampleFractionBits + MaxBlockShift) + 12) = -62.</summary>
    public static int EnergyLog2Offset => -(2 + (2 * (SampleFractionBits + MaxBlockShift)) + MelFilterbank.WeightBits);

    /// <summary>The scales for <paramref name="config"/> (validated first).</summary>
    public static FixedPointScaling For(FrontendConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        int windowBits = BitOperations.Log2((uint)config.WindowSamples - 1) + 1;   // ceil(log2 W)
        return new FixedPointScaling(30 - windowBits);
    }

    /// <summary>The block shift s of a frame: the largest s &lt;= MaxBlockShift with max |x| * 2^s &lt; 2^FftInputBits
    /// (negative for loud frames).</summary>
    public int BlockShift(ReadOnlySpan<int> frame)
    {
        // OR of the magnitudes has the same highest bit as the largest magnitude.
        var acc = Vector<int>.Zero;
        int n = 0;
        for (; n <= frame.Length - Vector<int>.Count; n += Vector<int>.Count)
        {
            acc |= Vector.Abs(new Vector<int>(frame[n..]));
        }

        uint bits = 0;
        for (int i = 0; i < Vector<int>.Count; i++)
        {
            bits |= (uint)acc[i];
        }

        for (; n < frame.Length; n++)
        {
            bits |= (uint)Math.Abs(frame[n]);
        }

        int used = 32 - BitOperations.LeadingZeroCount(bits);
        return Math.Min(FftInputBits - used, MaxBlockShift);
    }
}
