using EdgeSound.Dsp.Spectral;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// Chroma from the power spectrum as librosa.feature.chroma_stft with tuning 0 (librosa estimates the tuning
/// per clip; that step is left out): the librosa.filters.chroma filterbank (Gaussian bumps around each pitch
/// class with a width of two FFT-bin spacings in semitones, columns L2-normalised, weighted by a Gaussian over
/// octaves centred at octave 5 with a width of 2 octaves), C first. Each frame is scaled to a maximum of 1
/// (silent frames stay 0).
/// </summary>
public sealed class ChromaExtractor
{
    public const int BinCount = 12;

    public static readonly string[] PitchClasses = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    private readonly float[] _weights; // [pitch class, fft bin]
    private readonly int _bins;

    public ChromaExtractor(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int nFft = options.FftSize;
        _bins = nFft / 2 + 1;
        var frq = new double[_bins + 1];
        for (int k = 1; k <= _bins; k++)
        {
            double f = (double)k * options.SampleRate / nFft;
            frq[k] = BinCount * Math.Log2(f / (440.0 / 16));
        }

        frq[0] = frq[1] - 1.5 * BinCount;
        _weights = new float[BinCount * _bins];
        var column = new double[BinCount];
        for (int k = 0; k < _bins; k++)
        {
            double width = Math.Max(frq[k + 1] - frq[k], 1.0);
            double sumSq = 0;
            for (int c = 0; c < BinCount; c++)
            {
                double d = frq[k] - c + BinCount / 2 + 10 * BinCount;
                d = (d % BinCount + BinCount) % BinCount - BinCount / 2;
                double w = Math.Exp(-0.5 * Math.Pow(2 * d / width, 2));
                column[c] = w;
                sumSq += w * w;
            }

            double octaveWeight = Math.Exp(-0.5 * Math.Pow((frq[k] / BinCount - 5.0) / 2.0, 2));
            double scale = octaveWeight / Math.Sqrt(sumSq);
            for (int c = 0; c < BinCount; c++)
            {
                // librosa's table starts at A; rolling by -3 puts C first.
                int pitchClass = (c + BinCount - 3) % BinCount;
                _weights[pitchClass * _bins + k] = (float)(column[c] * scale);
            }
        }
    }

    /// <summary>Writes 12 values in [0, 1], C..B.</summary>
    public void Extract(in SpectralFrame frame, Span<float> chroma)
    {
        ReadOnlySpan<float> power = frame.Power[.._bins];
        float max = 0;
        for (int c = 0; c < BinCount; c++)
        {
            float s = SpanMath.Dot(_weights.AsSpan(c * _bins, _bins), power);
            chroma[c] = s;
            max = MathF.Max(max, s);
        }

        if (max > SpanMath.Tiny)
        {
            float inv = 1f / max;
            for (int c = 0; c < BinCount; c++)
            {
                chroma[c] *= inv;
            }
        }
    }
}
