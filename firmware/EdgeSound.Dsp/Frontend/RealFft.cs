using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 4: integer real FFT of N = 2^m points, computed as an N/2-point radix-2 complex FFT of the packed signal
/// z[n] = x[2n] + i x[2n+1] followed by the split into the N/2 + 1 non-negative-frequency bins.
/// </summary>
/// <remarks>
/// <para>Output: <c>2 * X_k</c> for k = 0..N/2, where X is the unscaled DFT X_k = sum x[n] e^{-2 pi i k n / N}. The
/// factor 2 is exact and fixed: the split is done without halving so it loses no bit. There is no other scaling.</para>
/// <para>Why nothing overflows (static block scaling, exponent 0): every complex FFT value, at every stage, is bounded
/// by S = sum |x[n]|, and every output 2 * X_k by 2 * S. The frontend's scaling (<see cref="FixedPointScaling"/>) keeps
/// 2S &lt;= 2^30, inside int32; callers feeding other signals must keep S below 2^30. Twiddles are Q30 ints; a product value * twiddle is at most 2^30 * 2^30 = 2^60 and is
/// formed in a long, then rounded half up by a shift of 30.</para>
/// <para>Tables made once: bit-reversal permutation, complex twiddles e^{-2 pi i j / L} laid out stage by stage (so the
/// inner loop reads them in order) and split twiddles e^{-2 pi i k / N}. The first two butterfly stages need no
/// multiplication (twiddles 1 and -i) and are exact. The inner loops index through refs without bounds checks; every
/// index is below N/2 by construction.</para>
/// </remarks>
public sealed class RealFft
{
    private const int TwiddleShift = 30;
    private const long Half = 1L << (TwiddleShift - 1);

    private readonly int size;
    private readonly int half;
    private readonly int[] bitReverse;
    private readonly int[] cosQ30;
    private readonly int[] sinQ30;
    private readonly int[] splitCosQ30;
    private readonly int[] splitSinQ30;
    private readonly int[] zRe;
    private readonly int[] zIm;

    /// <summary>Builds the tables for an FFT of <paramref name="size"/> points (power of two, 8..8192).</summary>
    public RealFft(int size)
    {
        if (size < 8 || size > 8192 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two between 8 and 8192.");
        }

        this.size = size;
        half = size / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)half);
        bitReverse = new int[half];
        for (int n = 0; n < half; n++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++)
            {
                r |= ((n >> b) & 1) << (bits - 1 - b);
            }

            bitReverse[n] = r;
        }

        // Stage of length L (8..N/2) uses twiddles j = 0..L/2-1 at offset L/2 - 4 (4 + 8 + ... entries before it).
        cosQ30 = new int[Math.Max(half, 8)];
        sinQ30 = new int[Math.Max(half, 8)];
        for (int length = 8; length <= half; length <<= 1)
        {
            for (int j = 0; j < length / 2; j++)
            {
                cosQ30[(length / 2) - 4 + j] = Q30(Math.Cos(2.0 * Math.PI * j / length));
                sinQ30[(length / 2) - 4 + j] = Q30(Math.Sin(2.0 * Math.PI * j / length));
            }
        }

        splitCosQ30 = new int[half + 1];
        splitSinQ30 = new int[half + 1];
        for (int k = 0; k <= half; k++)
        {
            splitCosQ30[k] = Q30(Math.Cos(2.0 * Math.PI * k / size));
            splitSinQ30[k] = Q30(Math.Sin(2.0 * Math.PI * k / size));
        }

        zRe = new int[half];
        zIm = new int[half];
    }

    /// <summary>FFT length N.</summary>
    public int Size => size;

    /// <summary>Output bins N/2 + 1.</summary>
    public int Bins => half + 1;

    /// <summary>Transforms <paramref name="input"/> (N samples) into 2 * X_k, k = 0..N/2, in <paramref name="re"/> and <paramref name="im"/>.</summary>
    public void Forward(ReadOnlySpan<int> input, Span<int> re, Span<int> im)
    {
        if (input.Length != size || re.Length < half + 1 || im.Length < half + 1)
        {
            throw new ArgumentException($"FFT of {size} points needs {size} inputs and {half + 1} outputs; got {input.Length}, {re.Length}, {im.Length}.");
        }

        int[] zr = zRe;
        int[] zi = zIm;
        for (int n = 0; n < half; n++)
        {
            int r = bitReverse[n];
            zr[r] = input[2 * n];
            zi[r] = input[(2 * n) + 1];
        }

        ComplexStages(zr, zi);
        Split(zr, zi, re, im);
    }

    private void ComplexStages(int[] zr, int[] zi)
    {
        int m = half;

        // Stage of length 2: twiddle 1.
        for (int a = 0; a < m; a += 2)
        {
            int br = zr[a + 1], bi = zi[a + 1];
            zr[a + 1] = zr[a] - br;
            zi[a + 1] = zi[a] - bi;
            zr[a] += br;
            zi[a] += bi;
        }

        // Stage of length 4: twiddles 1 and -i.
        if (m >= 4)
        {
            for (int a = 0; a < m; a += 4)
            {
                int br = zr[a + 2], bi = zi[a + 2];
                zr[a + 2] = zr[a] - br;
                zi[a + 2] = zi[a] - bi;
                zr[a] += br;
                zi[a] += bi;

                // (br + i bi) * (-i) = bi - i br
                int cr = zi[a + 3], ci = -zr[a + 3];
                zr[a + 3] = zr[a + 1] - cr;
                zi[a + 3] = zi[a + 1] - ci;
                zr[a + 1] += cr;
                zi[a + 1] += ci;
            }
        }

        ref int re0 = ref MemoryMarshal.GetArrayDataReference(zr);
        ref int im0 = ref MemoryMarshal.GetArrayDataReference(zi);
        ref int cos0 = ref MemoryMarshal.GetArrayDataReference(cosQ30);
        ref int sin0 = ref MemoryMarshal.GetArrayDataReference(sinQ30);
        for (int length = 8; length <= m; length <<= 1)
        {
            int halfLength = length >> 1;
            ref int cosStage = ref Unsafe.Add(ref cos0, halfLength - 4);
            ref int sinStage = ref Unsafe.Add(ref sin0, halfLength - 4);
            for (int start = 0; start < m; start += length)
            {
                ref int ar = ref Unsafe.Add(ref re0, start);
                ref int ai = ref Unsafe.Add(ref im0, start);
                ref int br = ref Unsafe.Add(ref ar, halfLength);
                ref int bi = ref Unsafe.Add(ref ai, halfLength);
                for (int j = 0; j < halfLength; j++)
                {
                    long c = Unsafe.Add(ref cosStage, j);
                    long s = Unsafe.Add(ref sinStage, j);
                    long xr = Unsafe.Add(ref br, j);
                    long xi = Unsafe.Add(ref bi, j);

                    // (xr + i xi) * (c - i s)
                    int tr = (int)(((c * xr) + (s * xi) + Half) >> TwiddleShift);
                    int ti = (int)(((c * xi) - (s * xr) + Half) >> TwiddleShift);
                    int pr = Unsafe.Add(ref ar, j);
                    int pi = Unsafe.Add(ref ai, j);
                    Unsafe.Add(ref br, j) = pr - tr;
                    Unsafe.Add(ref bi, j) = pi - ti;
                    Unsafe.Add(ref ar, j) = pr + tr;
                    Unsafe.Add(ref ai, j) = pi + ti;
                }
            }
        }
    }

    private void Split(int[] zr, int[] zi, Span<int> re, Span<int> im)
    {
        int m = half;
        for (int k = 0; k <= m; k++)
        {
            int p = k == m ? 0 : k;
            int q = k == 0 ? 0 : m - k;

            // 2E_k = Z_k + conj(Z_{m-k});  2O_k = -i (Z_k - conj(Z_{m-k}))
            long er = (long)zr[p] + zr[q];
            long ei = (long)zi[p] - zi[q];
            long or = (long)zi[p] + zi[q];
            long oi = (long)zr[q] - zr[p];
            long c = splitCosQ30[k];
            long s = splitSinQ30[k];

            // 2X_k = 2E_k + (c - i s) * 2O_k
            re[k] = (int)(er + (((c * or) + (s * oi) + Half) >> TwiddleShift));
            im[k] = (int)(ei + (((c * oi) - (s * or) + Half) >> TwiddleShift));
        }
    }

    private static int Q30(double value) => (int)Math.Round(value * (1 << TwiddleShift), MidpointRounding.AwayFromZero);
}
