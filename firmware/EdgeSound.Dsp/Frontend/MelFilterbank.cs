namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 6: mel filterbank with integer weights in Q12 (1.0 = 4096), stored sparsely as a first bin and a run of
/// weights per band (the triangles of <see cref="MelBandLayout"/>, rounded half up).
/// </summary>
/// <remarks>Scales: input P_k (&lt; 2^61, see <see cref="PowerSpectrum"/>), output E_b = sum_k w_bk * P_k exactly, as a
/// <see cref="UInt128"/> (below 2^81), shifted left by <c>outputShift</c> = 2 * (MaxBlockShift - s) to undo the frame's
/// block exponent (result below 2^119): the true mel energy / 2^<see cref="FixedPointScaling.EnergyLog2Offset"/>.
/// The sum runs in two 64-bit halves: w * low32(P) &lt; 2^45 and w * high32(P) &lt; 2^42, so runs of up to 2^18 bins
/// cannot overflow either half. Stateless.</remarks>
public sealed class MelFilterbank
{
    /// <summary>Fraction bits of a weight.</summary>
    public const int WeightBits = 12;

    private readonly int[] firstBin;
    private readonly int[] runLength;
    private readonly int[] runOffset;
    private readonly uint[] weights;

    /// <summary>Builds the sparse Q12 weights for <paramref name="config"/> (validated first).</summary>
    public MelFilterbank(FrontendConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        double[][] dense = MelBandLayout.Weights(config);
        Bands = dense.Length;
        firstBin = new int[Bands];
        runLength = new int[Bands];
        runOffset = new int[Bands];
        var all = new List<uint>();
        for (int b = 0; b < Bands; b++)
        {
            int first = -1;
            int last = -1;
            for (int k = 0; k < dense[b].Length; k++)
            {
                if (QuantizeWeight(dense[b][k]) > 0)
                {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }

            firstBin[b] = first;
            runLength[b] = last - first + 1;
            runOffset[b] = all.Count;
            for (int k = first; k <= last; k++)
            {
                all.Add((uint)QuantizeWeight(dense[b][k]));
            }
        }

        weights = all.ToArray();
    }

    /// <summary>Number of bands.</summary>
    public int Bands { get; }

    /// <summary>A weight in [0, 1] as Q12, rounded half up.</summary>
    public static int QuantizeWeight(double weight) => (int)Math.Floor((weight * (1 << WeightBits)) + 0.5);

    /// <summary>First FFT bin with a non-zero weight in band <paramref name="band"/>.</summary>
    public int FirstBin(int band) => firstBin[band];

    /// <summary>The Q12 weights of band <paramref name="band"/>, starting at <see cref="FirstBin"/>.</summary>
    public ReadOnlySpan<uint> BandWeights(int band) => weights.AsSpan(runOffset[band], runLength[band]);

    /// <summary>Writes E_b * 2^<paramref name="outputShift"/> for every band.</summary>
    public void Process(ReadOnlySpan<ulong> power, Span<UInt128> energies, int outputShift = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputShift, 46);
        if (energies.Length < Bands)
        {
            throw new ArgumentException($"Filterbank writes {Bands} bands; the output has room for {energies.Length}.", nameof(energies));
        }

        ReadOnlySpan<uint> w = weights;
        for (int b = 0; b < Bands; b++)
        {
            ReadOnlySpan<ulong> bins = power.Slice(firstBin[b], runLength[b]);
            ReadOnlySpan<uint> run = w.Slice(runOffset[b], runLength[b]);
            ulong low = 0;
            ulong high = 0;
            for (int k = 0; k < run.Length; k++)
            {
                ulong p = bins[k];
                low += run[k] * (p & 0xFFFF_FFFF);
                high += run[k] * (p >> 32);
            }

            energies[b] = (((UInt128)high << 32) + low) << outputShift;
        }
    }
}
