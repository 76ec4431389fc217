namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 6: mel filterbank with integer weights in Q12 (1.0 = 4096), stored sparsely as a first bin and a run of
/// weights per band (the triangles of <see cref="MelBandLayout"/>, rounded half up).
/// </summary>
/// <remarks>Scales: input P_k (64-bit, see <see cref="PowerSpectrum"/>), output E_b = sum_k w_bk * P_k as ulong,
/// i.e. mel energy * 2^12 / 2^PowerSpectrum.Shift. The power spectrum's shift bounds every sum below 2^62.6. Stateless.</remarks>
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

    /// <summary>Writes E_b for every band.</summary>
    public void Process(ReadOnlySpan<ulong> power, Span<ulong> energies)
    {
        if (energies.Length < Bands)
        {
            throw new ArgumentException($"Filterbank writes {Bands} bands; the output has room for {energies.Length}.", nameof(energies));
        }

        ReadOnlySpan<uint> w = weights;
        for (int b = 0; b < Bands; b++)
        {
            ReadOnlySpan<ulong> bins = power.Slice(firstBin[b], runLength[b]);
            ReadOnlySpan<uint> run = w.Slice(runOffset[b], runLength[b]);
            ulong sum = 0;
            for (int k = 0; k < run.Length; k++)
            {
                sum += run[k] * bins[k];
            }

            energies[b] = sum;
        }
    }
}
