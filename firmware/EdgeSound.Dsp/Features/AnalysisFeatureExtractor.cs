using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Base;
using NWaves.FeatureExtractors.Multi;
using NWaves.Transforms;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// Clip-level analysis features from NWaves' extractors (options in <see cref="ExtractorOptions"/>): the clip,
/// after the optional pre-filter (<see cref="AnalysisPreFilter"/>), is
/// zero-padded by FrameLength / 2 on each side so that frame t is centred on sample t * Hop (1 + length / Hop
/// frames); NWaves computes log-mel (its filterbank extractor, multiplying only the filters' non-zero bins:
/// <see cref="SparseLogMelExtractor"/>), chroma, spectral shape, the contrast bands' peaks and valleys
/// (<see cref="ContrastBands"/>, added to its spectral extractor), zero-crossing rate and RMS per frame; the
/// log-mel frames get the clip's top-dB floor (<see cref="TopDbFloor"/>) and NWaves' orthonormal DCT-II makes them
/// MFCC; NaN
/// from silent frames is replaced (<see cref="SilentFrames"/>), chroma is scaled per frame
/// (<see cref="ChromaNormalization"/>), MFCC deltas come from NWaves' FeaturePostProcessing.AddDeltas; then every
/// frame feature is pooled over the clip by mean and (population) standard deviation.
/// Frame features, in order: MFCC (c0..), chroma C..B, centroid, bandwidth, roll-off, flatness, contrast bands
/// 0..ContrastBands, zero-crossing rate, RMS, then the MFCC deltas when <see cref="AnalysisFeatureOptions.MfccDeltas"/> is set.
/// The output is all means, then all standard deviations, named like <c>mfcc_03_mean</c>, <c>chroma_C_std</c>,
/// <c>centroid_mean</c>, then, when <see cref="AnalysisFeatureOptions.Rhythm"/> is set, the clip's
/// <c>tempo_bpm</c> and <c>onset_rate</c> (<see cref="RhythmFeatures"/>). Work buffers are reused between clips
/// (they grow for longer clips only), so an instance is not thread-safe: use one per thread.
/// </summary>
public sealed class AnalysisFeatureExtractor
{
    private const int ShapeFeatures = 4;

    private readonly AnalysisFeatureOptions _options;
    private readonly SparseLogMelExtractor _logMel;
    private readonly Dct2 _dct;
    private readonly ChromaExtractor _chroma;
    private readonly SpectralFeaturesExtractor _spectral;
    private readonly ContrastBands _contrast;
    private readonly TimeDomainFeaturesExtractor _temporal;
    private readonly AnalysisPreFilter _preFilter;
    private readonly List<float[]> _logMelFrames = [];
    private readonly List<float[]> _mfccFrames = [];
    private readonly List<float[]> _chromaFrames = [];
    private readonly List<float[]> _spectralFrames = [];
    private readonly List<float[]> _temporalFrames = [];
    private readonly int _frameFeatures;
    private float[] _padded = [];

    /// <summary>Builds the NWaves extractors; throws <see cref="ArgumentException"/> naming an invalid option.</summary>
    public AnalysisFeatureExtractor(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logMel = new SparseLogMelExtractor(ExtractorOptions.LogMel(options));
        _dct = new Dct2(options.MelBands);
        _chroma = new ChromaExtractor(ExtractorOptions.Chroma(options));
        _spectral = new SpectralFeaturesExtractor(ExtractorOptions.Spectral(options));
        _contrast = new ContrastBands(options);
        for (int b = 0; b < _contrast.Count; b++)
        {
            int band = b;
            _spectral.AddFeature($"peak_{band}", (magnitude, _) => _contrast.Peak(magnitude, band));
        }

        for (int b = 0; b < _contrast.Count; b++)
        {
            int band = b;
            _spectral.AddFeature($"valley_{band}", (magnitude, _) => _contrast.Valley(magnitude, band));
        }
        _temporal = new TimeDomainFeaturesExtractor(ExtractorOptions.Temporal(options));
        _preFilter = new AnalysisPreFilter(options);

        var names = new List<string>();
        for (int c = 0; c < options.MfccCount; c++)
        {
            names.Add($"mfcc_{c:00}");
        }

        names.AddRange(_chroma.FeatureDescriptions.Select(pitch => $"chroma_{pitch}"));
        names.AddRange(["centroid", "bandwidth", "rolloff", "flatness"]);
        for (int b = 0; b < _contrast.Count; b++)
        {
            names.Add($"contrast_{b:00}");
        }

        names.AddRange(["zcr", "rms"]);
        if (options.MfccDeltas)
        {
            for (int c = 0; c < options.MfccCount; c++)
            {
                names.Add($"mfcc_delta_{c:00}");
            }
        }

        FrameFeatureNames = [.. names];
        _frameFeatures = names.Count;
        IReadOnlyList<string> clipNames = options.Rhythm ? RhythmFeatures.Names : [];
        FeatureNames = new string[(2 * _frameFeatures) + clipNames.Count];
        for (int i = 0; i < _frameFeatures; i++)
        {
            FeatureNames[i] = names[i] + "_mean";
            FeatureNames[_frameFeatures + i] = names[i] + "_std";
        }

        for (int i = 0; i < clipNames.Count; i++)
        {
            FeatureNames[(2 * _frameFeatures) + i] = clipNames[i];
        }
    }

    public AnalysisFeatureOptions Options => _options;

    /// <summary>Names of the per-frame features (before pooling).</summary>
    public string[] FrameFeatureNames { get; }

    /// <summary>Names of the clip features: every frame feature + "_mean", then every one + "_std", then the rhythm features.</summary>
    public string[] FeatureNames { get; }

    /// <summary>Frames of a clip of this length: 1 + length / Hop.</summary>
    public int FrameCount(int sampleCount) => 1 + sampleCount / _options.Hop;

    /// <summary>Clip features of mono samples at <see cref="AnalysisFeatureOptions.SampleRate"/> (any length, empty included).</summary>
    public float[] ExtractClip(ReadOnlySpan<float> samples)
    {
        var result = new float[FeatureNames.Length];
        ExtractClip(samples, result);
        return result;
    }

    /// <summary>Clip features into <paramref name="features"/> (length <see cref="FeatureNames"/>.Length).</summary>
    public void ExtractClip(ReadOnlySpan<float> samples, Span<float> features)
    {
        if (features.Length < FeatureNames.Length)
        {
            throw new ArgumentException($"output holds {features.Length} values, {FeatureNames.Length} features", nameof(features));
        }

        float[] clip = _preFilter.Apply(samples);
        int frames = FrameCount(clip.Length);
        int end = Pad(clip);
        Compute(_logMel, _logMelFrames, frames, end);
        Cepstra(frames);
        Compute(_chroma, _chromaFrames, frames, end);
        Compute(_spectral, _spectralFrames, frames, end);
        _contrast.ToContrast(_spectralFrames, frames, ShapeFeatures, (float)_options.TopDb);

        // NWaves' time-domain extractor takes frames that end strictly before its end position: one sample more.
        Compute(_temporal, _temporalFrames, frames, end + 1);
        ChromaNormalization.ScaleToUnitMaximum(_chromaFrames, frames);

        int d = _frameFeatures;
        int at = 0;
        Pool(_mfccFrames, frames, 0, _options.MfccCount, ref at, features);
        Pool(_chromaFrames, frames, 0, _chroma.FeatureCount, ref at, features);
        Pool(_spectralFrames, frames, 0, ShapeFeatures + _contrast.Count, ref at, features);
        Pool(_temporalFrames, frames, 0, _temporal.FeatureCount, ref at, features);
        if (_options.MfccDeltas)
        {
            var withDeltas = _mfccFrames.GetRange(0, frames);
            FeaturePostProcessing.AddDeltas(withDeltas, includeDeltaDelta: false, N: _options.DeltaHalfWidth);
            Pool(withDeltas, frames, _options.MfccCount, _options.MfccCount, ref at, features);
        }

        if (at != d)
        {
            throw new InvalidOperationException($"pooled {at} frame features, named {d}");
        }

        if (_options.Rhythm)
        {
            RhythmFeatures.Compute(clip, _options.SampleRate, features.Slice(2 * d, RhythmFeatures.Names.Count));
        }
    }

    /// <summary>MFCC of the first <paramref name="frames"/> log-mel frames, after the clip's top-dB floor.</summary>
    private void Cepstra(int frames)
    {
        TopDbFloor.Apply(_logMelFrames, frames, 0, _options.MelBands, (float)_options.TopDb);
        while (_mfccFrames.Count < frames)
        {
            _mfccFrames.Add(new float[_options.MfccCount]);
        }

        for (int t = 0; t < frames; t++)
        {
            _dct.DirectNorm(_logMelFrames[t], _mfccFrames[t]);
        }
    }

    /// <summary>Copies the clip into the work buffer behind FrameLength / 2 zeros, followed by zeros; returns the padded length.</summary>
    private int Pad(ReadOnlySpan<float> samples)
    {
        int half = _options.FrameLength / 2;
        int end = samples.Length + _options.FrameLength;
        if (_padded.Length < end + 1)
        {
            _padded = new float[end + 1];
        }

        Span<float> padded = _padded.AsSpan(0, end + 1);
        padded.Clear();
        samples.CopyTo(padded[half..]);
        return end;
    }

    private void Compute(FeatureExtractor extractor, List<float[]> vectors, int frames, int end)
    {
        while (vectors.Count < frames)
        {
            vectors.Add(new float[extractor.FeatureCount]);
        }

        int computed = extractor.ComputeFrom(_padded, 0, end, vectors);
        if (computed != frames)
        {
            throw new InvalidOperationException($"{extractor.GetType().Name} gave {computed} frames for {frames} expected");
        }

        SilentFrames.ReplaceNonFinite(vectors, frames);
    }

    private void Pool(List<float[]> vectors, int frames, int firstColumn, int columns, ref int at, Span<float> features)
    {
        FramePooling.MeanAndStd(vectors, frames, firstColumn, features.Slice(at, columns), features.Slice(_frameFeatures + at, columns));
        at += columns;
    }
}
