namespace EdgeSound.Dsp.Features;

/// <summary>
/// Spectral contrast bands as librosa.feature.spectral_contrast lays them out: [0, f], [f, 2f], ...,
/// [f 2^(n-1), Nyquist] with f = <see cref="AnalysisFeatureOptions.ContrastLowHz"/> and n =
/// <see cref="AnalysisFeatureOptions.ContrastBands"/> (n + 1 bands; each band after the first also takes the bin
/// just below it, each band but the last drops its top bin). A band's peak and valley are the means of its largest
/// and smallest round(quantile * bins) (at least 1) magnitudes. NWaves' own contrast (Spectral.Contrast) has no
/// band below f and no dynamic-range floor and measured 2 points lower (logistic regression, ESC-50 folds 1-4), so
/// these statistics run inside NWaves' SpectralFeaturesExtractor as added features (one peak and one valley per
/// band, on its magnitude spectrum), and <see cref="AnalysisFeatureExtractor"/> turns them into dB contrast per clip.
/// </summary>
public sealed class ContrastBands
{
    private readonly int[] _start;
    private readonly int[] _length;
    private readonly int[] _quantileCount;

    /// <summary>Lays out the bands; throws <see cref="ArgumentException"/> when a band holds no FFT bin.</summary>
    public ContrastBands(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int bins = options.FftSize / 2 + 1;
        Count = options.ContrastBands + 1;
        _start = new int[Count];
        _length = new int[Count];
        _quantileCount = new int[Count];
        var edges = new double[Count + 1];
        for (int i = 1; i <= Count; i++)
        {
            edges[i] = options.ContrastLowHz * Math.Pow(2, i - 1);
        }

        for (int band = 0; band < Count; band++)
        {
            int lo = -1, hi = -1;
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * options.SampleRate / options.FftSize;
                if (f >= edges[band] && f <= edges[band + 1])
                {
                    lo = lo < 0 ? k : lo;
                    hi = k;
                }
            }

            if (lo < 0)
            {
                throw new ArgumentException($"AnalysisFeatureOptions.ContrastLowHz = {options.ContrastLowHz}: contrast band {band} ({edges[band]}-{edges[band + 1]} Hz) holds no FFT bin; lower ContrastLowHz or raise FftSize", nameof(options));
            }

            lo = band > 0 ? Math.Max(0, lo - 1) : lo;
            hi = band == Count - 1 ? bins - 1 : hi;
            int members = hi - lo + 1;
            int used = band < Count - 1 ? members - 1 : members;
            if (used < 1)
            {
                throw new ArgumentException($"AnalysisFeatureOptions.FftSize = {options.FftSize}: contrast band {band} has no bins left; raise FftSize", nameof(options));
            }

            _start[band] = lo;
            _length[band] = used;
            _quantileCount[band] = Math.Min(used, Math.Max(1, (int)Math.Round(options.ContrastQuantile * members, MidpointRounding.ToEven)));
        }
    }

    /// <summary>Number of bands (ContrastBands + 1).</summary>
    public int Count { get; }

    /// <summary>Mean of the largest magnitudes of <paramref name="band"/> in a magnitude spectrum (bins 0..FftSize/2).</summary>
    public float Peak(float[] magnitude, int band) => Mean(magnitude, band, largest: true);

    /// <summary>Mean of the smallest magnitudes of <paramref name="band"/> in a magnitude spectrum (bins 0..FftSize/2).</summary>
    public float Valley(float[] magnitude, int band) => Mean(magnitude, band, largest: false);

    /// <summary>
    /// Finishes the contrast of a clip as librosa does: in the first <paramref name="count"/> frames, the
    /// <see cref="Count"/> peaks at <paramref name="peakAt"/> and the valleys after them go to dB
    /// (<see cref="TopDbFloor.ToDb"/>), peaks and valleys each get the clip's top-dB floor, and the contrast
    /// (peak dB - valley dB) replaces the peaks.
    /// </summary>
    public void ToContrast(IList<float[]> frames, int count, int peakAt, float topDb)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int valleyAt = peakAt + Count;
        for (int t = 0; t < count; t++)
        {
            Span<float> values = frames[t].AsSpan(peakAt, 2 * Count);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = TopDbFloor.ToDb(values[i]);
            }
        }

        TopDbFloor.Apply(frames, count, peakAt, Count, topDb);
        TopDbFloor.Apply(frames, count, valleyAt, Count, topDb);
        for (int t = 0; t < count; t++)
        {
            float[] frame = frames[t];
            for (int b = 0; b < Count; b++)
            {
                frame[peakAt + b] -= frame[valleyAt + b];
            }
        }
    }

    private float Mean(float[] magnitude, int band, bool largest)
    {
        ArgumentNullException.ThrowIfNull(magnitude);
        int q = _quantileCount[band];
        Span<float> kept = stackalloc float[q];
        kept.Fill(largest ? float.NegativeInfinity : float.PositiveInfinity);
        foreach (float v in magnitude.AsSpan(_start[band], _length[band]))
        {
            // kept is sorted, most extreme first; insert v if it beats the last one.
            if (largest ? v <= kept[q - 1] : v >= kept[q - 1])
            {
                continue;
            }

            int i = q - 1;
            while (i > 0 && (largest ? kept[i - 1] < v : kept[i - 1] > v))
            {
                kept[i] = kept[i - 1];
                i--;
            }

            kept[i] = v;
        }

        float sum = 0;
        foreach (float v in kept)
        {
            sum += v;
        }

        return sum / q;
    }
}
