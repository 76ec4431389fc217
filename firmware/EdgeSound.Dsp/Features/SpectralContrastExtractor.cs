namespace EdgeSound.Dsp.Features;

/// <summary>
/// Spectral contrast as librosa.feature.spectral_contrast on the magnitude spectrum: bands [0, f], [f, 2f], ...,
/// [f 2^(n-1), Nyquist] with f = <see cref="AnalysisFeatureOptions.ContrastLowHz"/> and n =
/// <see cref="AnalysisFeatureOptions.ContrastBands"/> (n + 1 values; each band after the first also takes the bin
/// just below it, each band but the last drops its top bin). Peak and valley are the means of the largest and
/// smallest round(quantile * bins) (at least 1) magnitudes of a band. librosa converts peak and valley with
/// power_to_db over the whole clip (top-dB floor) before subtracting, so this extractor writes peak and valley
/// per frame and <see cref="AnalysisFeatureExtractor"/> finishes the clip.
/// </summary>
public sealed class SpectralContrastExtractor
{
    private readonly int[] _start;
    private readonly int[] _length;
    private readonly int[] _quantileCount;

    public SpectralContrastExtractor(AnalysisFeatureOptions options)
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
                throw new ArgumentException($"AnalysisFeatureOptions: contrast band {band} ({edges[band]}-{edges[band + 1]} Hz) holds no FFT bin; raise ContrastLowHz or FftSize", nameof(options));
            }

            if (band > 0)
            {
                lo = Math.Max(0, lo - 1);
            }

            if (band == Count - 1)
            {
                hi = bins - 1;
            }

            int members = hi - lo + 1;
            int used = band < Count - 1 ? members - 1 : members;
            if (used < 1)
            {
                throw new ArgumentException($"AnalysisFeatureOptions: contrast band {band} has no bins left; raise FftSize", nameof(options));
            }

            _start[band] = lo;
            _length[band] = used;
            _quantileCount[band] = Math.Min(used, Math.Max(1, (int)Math.Round(options.ContrastQuantile * members, MidpointRounding.ToEven)));
        }
    }

    /// <summary>Number of bands (ContrastBands + 1).</summary>
    public int Count { get; }

    /// <summary>Per band, the mean of the largest and of the smallest magnitudes.</summary>
    public void Extract(in SpectralFrame frame, Span<float> peak, Span<float> valley)
    {
        int maxQ = 0;
        foreach (int q in _quantileCount)
        {
            maxQ = Math.Max(maxQ, q);
        }

        Span<float> low = stackalloc float[maxQ];
        Span<float> high = stackalloc float[maxQ];
        for (int band = 0; band < Count; band++)
        {
            ReadOnlySpan<float> x = frame.Magnitude.Slice(_start[band], _length[band]);
            int q = _quantileCount[band];
            Extremes(x, low[..q], high[..q]);
            float lowSum = 0, highSum = 0;
            for (int i = 0; i < q; i++)
            {
                lowSum += low[i];
                highSum += high[i];
            }

            peak[band] = highSum / q;
            valley[band] = lowSum / q;
        }
    }

    /// <summary>low = the low.Length smallest values (ascending), high = the high.Length largest (descending).</summary>
    private static void Extremes(ReadOnlySpan<float> x, Span<float> low, Span<float> high)
    {
        int q = low.Length;
        low.Fill(float.PositiveInfinity);
        high.Fill(float.NegativeInfinity);
        foreach (float v in x)
        {
            if (v < low[q - 1])
            {
                int i = q - 1;
                while (i > 0 && low[i - 1] > v)
                {
                    low[i] = low[i - 1];
                    i--;
                }

                low[i] = v;
            }

            if (v > high[q - 1])
            {
                int i = q - 1;
                while (i > 0 && high[i - 1] < v)
                {
                    high[i] = high[i - 1];
                    i--;
                }

                high[i] = v;
            }
        }
    }
}
