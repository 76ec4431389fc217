namespace EdgeSound.Dsp.Features;

/// <summary>
/// Mel filterbank as librosa.filters.mel with htk=False, norm="slaney": the Slaney (Auditory Toolbox) mel scale,
/// linear below 1 kHz (200/3 Hz per mel) and logarithmic above (27 mels per factor 6.4); triangles between
/// MelBands + 2 equally spaced mel points, each scaled by 2 / (upper edge - lower edge) in Hz (equal area).
/// Stored sparsely: each band keeps only its non-zero bin range.
/// </summary>
public sealed class SlaneyMelFilterbank
{
    private const double LinearHzPerMel = 200.0 / 3;
    private const double BreakHz = 1000;
    private const double BreakMel = BreakHz / LinearHzPerMel;
    private static readonly double LogStep = Math.Log(6.4) / 27;

    private readonly int[] _first;
    private readonly float[][] _weights;

    public SlaneyMelFilterbank(int bands, int fftSize, int sampleRate, double lowHz, double highHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bands);
        BandCount = bands;
        int bins = fftSize / 2 + 1;
        double lowMel = HzToMel(lowHz), highMel = HzToMel(highHz);
        var edges = new double[bands + 2];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(lowMel + (highMel - lowMel) * i / (bands + 1));
        }

        _first = new int[bands];
        _weights = new float[bands][];
        var row = new double[bins];
        for (int b = 0; b < bands; b++)
        {
            double lower = edges[b], centre = edges[b + 1], upper = edges[b + 2];
            double norm = 2.0 / (upper - lower);
            int first = -1, last = -1;
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * sampleRate / fftSize;
                double rising = (f - lower) / (centre - lower);
                double falling = (upper - f) / (upper - centre);
                row[k] = Math.Max(0, Math.Min(rising, falling)) * norm;
                if (row[k] > 0)
                {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }

            _first[b] = Math.Max(0, first);
            _weights[b] = new float[first < 0 ? 0 : last - first + 1];
            for (int k = 0; k < _weights[b].Length; k++)
            {
                _weights[b][k] = (float)row[first + k];
            }
        }
    }

    public int BandCount { get; }

    public static double HzToMel(double hz) =>
        hz < BreakHz ? hz / LinearHzPerMel : BreakMel + Math.Log(hz / BreakHz) / LogStep;

    public static double MelToHz(double mel) =>
        mel < BreakMel ? mel * LinearHzPerMel : BreakHz * Math.Exp(LogStep * (mel - BreakMel));

    /// <summary>Weight of FFT bin <paramref name="bin"/> in band <paramref name="band"/>.</summary>
    public float Weight(int band, int bin)
    {
        int i = bin - _first[band];
        return i >= 0 && i < _weights[band].Length ? _weights[band][i] : 0f;
    }

    /// <summary>Band energies: sum over bins of weight * power.</summary>
    public void Apply(ReadOnlySpan<float> power, Span<float> bands)
    {
        for (int b = 0; b < BandCount; b++)
        {
            float[] w = _weights[b];
            ReadOnlySpan<float> p = power.Slice(_first[b], w.Length);
            float s = 0;
            for (int k = 0; k < w.Length; k++)
            {
                s += w[k] * p[k];
            }

            bands[b] = s;
        }
    }
}
