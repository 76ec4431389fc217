namespace EdgeSound.Dsp.Features;

/// <summary>
/// Spectral shape of one frame, librosa definitions: centroid, bandwidth (p = 2) and roll-off on the magnitude
/// spectrum, flatness on the power spectrum. A silent frame gives centroid, bandwidth and roll-off 0 and
/// flatness 1, as librosa does.
/// </summary>
public sealed class SpectralShapeExtractor
{
    public const int Count = 4;
    public const int Centroid = 0;
    public const int Bandwidth = 1;
    public const int RollOff = 2;
    public const int Flatness = 3;

    private readonly float[] _frequencies;
    private readonly double _rollOff;

    public SpectralShapeExtractor(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _frequencies = new float[options.FftSize / 2 + 1];
        for (int k = 0; k < _frequencies.Length; k++)
        {
            _frequencies[k] = (float)((double)k * options.SampleRate / options.FftSize);
        }

        _rollOff = options.RollOffFraction;
    }

    /// <summary>Writes centroid (Hz), bandwidth (Hz), roll-off (Hz) and flatness (0..1).</summary>
    public void Extract(in SpectralFrame frame, Span<float> shape)
    {
        ReadOnlySpan<float> mag = frame.Magnitude[.._frequencies.Length];
        ReadOnlySpan<float> f = _frequencies;
        double total = 0, weighted = 0;
        for (int k = 0; k < mag.Length; k++)
        {
            total += mag[k];
            weighted += (double)f[k] * mag[k];
        }

        // librosa L1-normalises each frame unless its sum is below tiny(float32); a silent frame stays zero.
        double norm = total > Spectral.SpanMath.Tiny ? 1.0 / total : 1.0;
        double centroid = weighted * norm;
        double spread = 0;
        for (int k = 0; k < mag.Length; k++)
        {
            double d = f[k] - centroid;
            spread += mag[k] * d * d;
        }

        double threshold = _rollOff * total;
        double cumulative = 0;
        int rollBin = mag.Length - 1;
        for (int k = 0; k < mag.Length; k++)
        {
            cumulative += mag[k];
            if (cumulative >= threshold)
            {
                rollBin = k;
                break;
            }
        }

        ReadOnlySpan<float> power = frame.Power[.._frequencies.Length];
        double logSum = 0, sum = 0;
        for (int k = 0; k < power.Length; k++)
        {
            float p = MathF.Max(Decibel.Amin, power[k]);
            logSum += MathF.Log(p);
            sum += p;
        }

        shape[Centroid] = (float)centroid;
        shape[Bandwidth] = (float)Math.Sqrt(spread * norm);
        shape[RollOff] = f[rollBin];
        shape[Flatness] = (float)(Math.Exp(logSum / power.Length) / (sum / power.Length));
    }
}
