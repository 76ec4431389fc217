using EdgeSound.Dsp.Spectral;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// Clip-level analysis features: frames the clip (centred, zero-padded, 1 + length / Hop frames), runs every
/// frame extractor on each frame and pools each frame feature over the clip by mean and (population) standard
/// deviation. Frame features, in order: MFCC (c0..), chroma C..B, spectral contrast bands, centroid, bandwidth,
/// roll-off, flatness, zero-crossing rate, RMS, then the MFCC deltas when <see cref="AnalysisFeatureOptions.MfccDeltas"/>
/// is set. The output is all means, then all standard deviations, named like <c>mfcc_03_mean</c>,
/// <c>chroma_C_std</c>, <c>centroid_mean</c>. Work buffers are reused between clips (they grow for longer clips
/// only), so an instance is not thread-safe: use one per thread.
/// </summary>
public sealed class AnalysisFeatureExtractor
{
    private const int DeltaWidth = 9;

    private readonly AnalysisFeatureOptions _options;
    private readonly RealFft _fft;
    private readonly float[] _window;
    private readonly MfccExtractor _mfcc;
    private readonly ChromaExtractor _chroma;
    private readonly SpectralContrastExtractor _contrast;
    private readonly SpectralShapeExtractor _shape;
    private readonly int _frameFeatures;
    private readonly int _mfccAt, _chromaAt, _contrastAt, _shapeAt, _zcrAt, _rmsAt, _deltaAt;
    private readonly float[] _time;
    private readonly float[] _zcrFrame;
    private readonly float[] _windowed;
    private readonly float[] _power;
    private readonly float[] _magnitude;
    private float[] _melDb = [];
    private float[] _peak = [];
    private float[] _valley = [];
    private float[] _frames = [];

    public AnalysisFeatureExtractor(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _fft = new RealFft(options.FftSize);
        _mfcc = new MfccExtractor(options);
        _chroma = new ChromaExtractor(options);
        _contrast = new SpectralContrastExtractor(options);
        _shape = new SpectralShapeExtractor(options);

        _window = new float[options.FftSize];
        int offset = (options.FftSize - options.FrameLength) / 2;
        for (int n = 0; n < options.FrameLength; n++)
        {
            _window[offset + n] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / options.FrameLength));
        }

        var names = new List<string>();
        _mfccAt = names.Count;
        for (int c = 0; c < _mfcc.Count; c++)
        {
            names.Add($"mfcc_{c:00}");
        }

        _chromaAt = names.Count;
        foreach (string pitch in ChromaExtractor.PitchClasses)
        {
            names.Add($"chroma_{pitch}");
        }

        _contrastAt = names.Count;
        for (int b = 0; b < _contrast.Count; b++)
        {
            names.Add($"contrast_{b:00}");
        }

        _shapeAt = names.Count;
        names.AddRange(["centroid", "bandwidth", "rolloff", "flatness"]);
        _zcrAt = names.Count;
        names.Add("zcr");
        _rmsAt = names.Count;
        names.Add("rms");
        _deltaAt = names.Count;
        if (options.MfccDeltas)
        {
            for (int c = 0; c < _mfcc.Count; c++)
            {
                names.Add($"mfcc_delta_{c:00}");
            }
        }

        FrameFeatureNames = [.. names];
        _frameFeatures = names.Count;
        FeatureNames = new string[2 * _frameFeatures];
        for (int i = 0; i < _frameFeatures; i++)
        {
            FeatureNames[i] = names[i] + "_mean";
            FeatureNames[_frameFeatures + i] = names[i] + "_std";
        }

        _time = new float[options.FftSize];
        _zcrFrame = new float[options.FrameLength];
        _windowed = new float[options.FftSize];
        _power = new float[_fft.BinCount];
        _magnitude = new float[_fft.BinCount];
    }

    public AnalysisFeatureOptions Options => _options;

    /// <summary>Names of the per-frame features (before pooling).</summary>
    public string[] FrameFeatureNames { get; }

    /// <summary>Names of the clip features: every frame feature + "_mean", then every one + "_std".</summary>
    public string[] FeatureNames { get; }

    /// <summary>Frames of a clip of this length: 1 + length / Hop.</summary>
    public int FrameCount(int sampleCount) => 1 + sampleCount / _options.Hop;

    public float[] ExtractClip(ReadOnlySpan<float> samples16k)
    {
        var result = new float[FeatureNames.Length];
        ExtractClip(samples16k, result);
        return result;
    }

    /// <summary>Clip features into <paramref name="features"/> (length <see cref="FeatureNames"/>.Length).</summary>
    public void ExtractClip(ReadOnlySpan<float> samples16k, Span<float> features)
    {
        if (features.Length < FeatureNames.Length)
        {
            throw new ArgumentException($"output holds {features.Length} values, {FeatureNames.Length} features", nameof(features));
        }

        int frames = FrameCount(samples16k.Length);
        int d = _frameFeatures;
        int bands = _mfcc.MelBands;
        int contrastCount = _contrast.Count;
        Ensure(ref _frames, frames * d);
        Ensure(ref _melDb, frames * bands);
        Ensure(ref _peak, frames * contrastCount);
        Ensure(ref _valley, frames * contrastCount);

        for (int t = 0; t < frames; t++)
        {
            Span<float> row = _frames.AsSpan(t * d, d);
            int centre = t * _options.Hop;
            ReadOnlySpan<float> frameSamples = TimeFrame(samples16k, centre);
            row[_zcrAt] = TemporalFeatures.ZeroCrossingRate(EdgePaddedFrame(samples16k, centre));
            row[_rmsAt] = TemporalFeatures.Rms(frameSamples);

            for (int i = 0; i < _time.Length; i++)
            {
                _windowed[i] = _time[i] * _window[i];
            }

            _fft.PowerSpectrum(_windowed, _power);
            for (int k = 0; k < _power.Length; k++)
            {
                _magnitude[k] = MathF.Sqrt(_power[k]);
            }

            var frame = new SpectralFrame(frameSamples, _power, _magnitude);
            _mfcc.LogMel(frame, _melDb.AsSpan(t * bands, bands));
            _chroma.Extract(frame, row.Slice(_chromaAt, ChromaExtractor.BinCount));
            _contrast.Extract(frame, _peak.AsSpan(t * contrastCount, contrastCount), _valley.AsSpan(t * contrastCount, contrastCount));
            _shape.Extract(frame, row.Slice(_shapeAt, SpectralShapeExtractor.Count));
        }

        float topDb = (float)_options.TopDb;
        Decibel.ApplyTopDb(_melDb.AsSpan(0, frames * bands), topDb);
        Span<float> peakDb = _peak.AsSpan(0, frames * contrastCount);
        Span<float> valleyDb = _valley.AsSpan(0, frames * contrastCount);
        Decibel.FromPower(peakDb);
        Decibel.FromPower(valleyDb);
        Decibel.ApplyTopDb(peakDb, topDb);
        Decibel.ApplyTopDb(valleyDb, topDb);
        for (int t = 0; t < frames; t++)
        {
            Span<float> row = _frames.AsSpan(t * d, d);
            _mfcc.Cepstrum(_melDb.AsSpan(t * bands, bands), row.Slice(_mfccAt, _mfcc.Count));
            for (int b = 0; b < contrastCount; b++)
            {
                row[_contrastAt + b] = peakDb[t * contrastCount + b] - valleyDb[t * contrastCount + b];
            }
        }

        if (_options.MfccDeltas)
        {
            MfccDeltas(frames, d);
        }

        Pool(frames, d, features);
    }

    /// <summary>
    /// librosa.feature.delta (order 1, width 9, mode "interp"): Savitzky-Golay first derivative, i.e. the
    /// least-squares slope over 9 frames; the first and last 4 frames take the slope of the first / last 9.
    /// </summary>
    private void MfccDeltas(int frames, int d)
    {
        int half = DeltaWidth / 2;
        int width = Math.Min(DeltaWidth, frames);
        for (int c = 0; c < _mfcc.Count; c++)
        {
            int src = _mfccAt + c, dst = _deltaAt + c;
            for (int t = 0; t < frames; t++)
            {
                int start = width < DeltaWidth ? 0 : Math.Clamp(t - half, 0, frames - DeltaWidth);
                double mid = start + (width - 1) / 2.0;
                double num = 0, den = 0;
                for (int j = start; j < start + width; j++)
                {
                    double x = j - mid;
                    num += x * _frames[j * d + src];
                    den += x * x;
                }

                _frames[t * d + dst] = den > 0 ? (float)(num / den) : 0f;
            }
        }
    }

    private void Pool(int frames, int d, Span<float> features)
    {
        Span<double> sum = d <= 256 ? stackalloc double[d] : new double[d];
        Span<double> sumSq = d <= 256 ? stackalloc double[d] : new double[d];
        sum.Clear();
        sumSq.Clear();
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> row = _frames.AsSpan(t * d, d);
            for (int i = 0; i < d; i++)
            {
                sum[i] += row[i];
            }
        }

        for (int i = 0; i < d; i++)
        {
            sum[i] /= frames;
        }

        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> row = _frames.AsSpan(t * d, d);
            for (int i = 0; i < d; i++)
            {
                double dev = row[i] - sum[i];
                sumSq[i] += dev * dev;
            }
        }

        for (int i = 0; i < d; i++)
        {
            features[i] = (float)sum[i];
            features[d + i] = (float)Math.Sqrt(sumSq[i] / frames);
        }
    }

    /// <summary>Fills the FftSize-long zero-padded frame centred on <paramref name="centre"/>; returns its FrameLength middle.</summary>
    private ReadOnlySpan<float> TimeFrame(ReadOnlySpan<float> x, int centre)
    {
        int n = _options.FftSize;
        int start = centre - n / 2;
        int from = Math.Max(0, start), to = Math.Min(x.Length, start + n);
        Span<float> time = _time;
        if (from >= to)
        {
            time.Clear();
        }
        else
        {
            time[..(from - start)].Clear();
            x[from..to].CopyTo(time[(from - start)..]);
            time[(to - start)..].Clear();
        }

        int offset = (n - _options.FrameLength) / 2;
        return time.Slice(offset, _options.FrameLength);
    }

    /// <summary>The FrameLength frame centred on <paramref name="centre"/>, edge-padded (librosa's ZCR padding).</summary>
    private ReadOnlySpan<float> EdgePaddedFrame(ReadOnlySpan<float> x, int centre)
    {
        int n = _options.FrameLength;
        int start = centre - n / 2;
        if (start >= 0 && start + n <= x.Length)
        {
            return x.Slice(start, n);
        }

        if (x.IsEmpty)
        {
            Array.Clear(_zcrFrame);
            return _zcrFrame;
        }

        for (int i = 0; i < n; i++)
        {
            _zcrFrame[i] = x[Math.Clamp(start + i, 0, x.Length - 1)];
        }

        return _zcrFrame;
    }

    private static void Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
