namespace EdgeSound.Inference;

/// <summary>
/// The K-means anomaly score of a window (after Edge Impulse's K-means anomaly block): the window's features are the mean
/// and the standard deviation over its frames of each int8 log-mel band (<see cref="Features"/>), standardised with the
/// training windows' per-feature mean and standard deviation; its score is the Euclidean distance to the nearest of the
/// K-means centres divided by that cluster's spread (the root-mean-square distance of its training windows to the centre),
/// so 1 is a typical training distance. Scoring allocates nothing.
/// </summary>
public sealed class KMeansAnomaly
{
    private readonly float[] _mean;
    private readonly float[] _scale;
    private readonly float[] _centres;
    private readonly float[] _spreads;

    /// <param name="bands">Log-mel bands per frame of the model's input window (B); the features are 2B values.</param>
    /// <param name="mean">Per feature (2B), the training mean subtracted before scaling.</param>
    /// <param name="scale">Per feature (2B), the training standard deviation divided by (positive).</param>
    /// <param name="centres">K cluster centres in standardised feature space, 2B values each.</param>
    /// <param name="spreads">Per centre, the RMS distance of its training windows to it (positive).</param>
    /// <exception cref="ArgumentException">A count that does not match 2B or the number of centres, a value not finite, or a scale or spread not positive.</exception>
    public KMeansAnomaly(int bands, IReadOnlyList<float> mean, IReadOnlyList<float> scale, IReadOnlyList<float[]> centres, IReadOnlyList<float> spreads)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(spreads);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        int d = 2 * bands;
        if (mean.Count != d || !mean.All(float.IsFinite))
        {
            throw new ArgumentException($"mean has {mean.Count} values, {bands} bands need {d} finite ones", nameof(mean));
        }

        if (scale.Count != d || !scale.All(v => v > 0 && float.IsFinite(v)))
        {
            throw new ArgumentException($"scale has {scale.Count} values, {bands} bands need {d} positive finite ones", nameof(scale));
        }

        if (centres.Count == 0 || centres.Any(c => c.Length != d || !c.All(float.IsFinite)))
        {
            throw new ArgumentException($"expected at least one centre of {d} finite values", nameof(centres));
        }

        if (spreads.Count != centres.Count || !spreads.All(v => v > 0 && float.IsFinite(v)))
        {
            throw new ArgumentException($"{spreads.Count} spreads for {centres.Count} centres, each must be positive and finite", nameof(spreads));
        }

        Bands = bands;
        _mean = [.. mean];
        _scale = [.. scale];
        _centres = [.. centres.SelectMany(c => c)];
        _spreads = [.. spreads];
    }

    /// <summary>Log-mel bands per frame (B).</summary>
    public int Bands { get; }

    /// <summary>Number of clusters (K).</summary>
    public int Clusters => _spreads.Length;

    public IReadOnlyList<float> Mean => _mean;

    public IReadOnlyList<float> Scale => _scale;

    public IReadOnlyList<float> Spreads => _spreads;

    /// <summary>Centre <paramref name="j"/> (2B values, standardised space).</summary>
    public ReadOnlySpan<float> Centre(int j) => _centres.AsSpan(j * 2 * Bands, 2 * Bands);

    /// <summary>
    /// The raw features of a window laid out frame after frame (<c>window[f * bands + b]</c>, int8 log-mel): per band its mean
    /// over the frames (<c>features[b]</c>) and its population standard deviation (<c>features[bands + b]</c>), in int8 units.
    /// </summary>
    /// <exception cref="ArgumentException">The window is empty or not whole frames of <paramref name="bands"/>, or <paramref name="features"/> is not 2B long.</exception>
    public static void Features(ReadOnlySpan<sbyte> window, int bands, Span<float> features)
    {
        if (bands < 1 || window.Length == 0 || window.Length % bands != 0)
        {
            throw new ArgumentException($"a window of {window.Length} values is not whole frames of {bands} bands", nameof(window));
        }

        if (features.Length != 2 * bands)
        {
            throw new ArgumentException($"features has {features.Length} slots, {bands} bands need {2 * bands}", nameof(features));
        }

        int frames = window.Length / bands;
        for (int b = 0; b < bands; b++)
        {
            long sum = 0, squares = 0;
            for (int f = 0; f < frames; f++)
            {
                int v = window[(f * bands) + b];
                sum += v;
                squares += v * v;
            }

            double mean = (double)sum / frames;
            features[b] = (float)mean;
            features[bands + b] = (float)Math.Sqrt(Math.Max(0, ((double)squares / frames) - (mean * mean)));
        }
    }

    /// <summary>The window's anomaly score: distance to the nearest centre over that centre's spread (dimensionless, at least 0).</summary>
    /// <exception cref="ArgumentException">The window is not whole frames of <see cref="Bands"/> bands.</exception>
    public double Score(ReadOnlySpan<sbyte> window)
    {
        Span<float> z = stackalloc float[2 * Bands];
        Features(window, Bands, z);
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = (z[i] - _mean[i]) / _scale[i];
        }

        int nearest = 0;
        double best = double.PositiveInfinity;
        for (int j = 0; j < Clusters; j++)
        {
            ReadOnlySpan<float> c = Centre(j);
            double sum = 0;
            for (int i = 0; i < z.Length; i++)
            {
                double d = z[i] - c[i];
                sum += d * d;
            }

            if (sum < best)
            {
                best = sum;
                nearest = j;
            }
        }

        return Math.Sqrt(best) / _spreads[nearest];
    }
}
