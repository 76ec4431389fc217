using NWaves.FeatureExtractors.Options;
using NWaves.Filters.Fda;
using NWaves.Windows;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// The NWaves options objects behind <see cref="AnalysisFeatureOptions"/>: every extractor frames with
/// FrameLength / Hop, applies a Hann window and zero-pads to FftSize. The MFCC are the orthonormal DCT-II (NWaves
/// Dct2.DirectNorm, as librosa's norm="ortho") of the floored log-mel frames (<see cref="LogMel"/>).
/// </summary>
public static class ExtractorOptions
{
    /// <summary>
    /// Spectral shape features, in this order: centroid, spread (= librosa's bandwidth, p = 2), roll-off, flatness;
    /// the extractor adds the contrast bands' peaks and valleys (<see cref="ContrastBands"/>) after them.
    /// </summary>
    public const string SpectralFeatureList = "centroid, spread, rolloff, flatness";

    /// <summary>Time-domain features, in this order.</summary>
    public const string TemporalFeatureList = "zcr, rms";

    /// <summary>
    /// librosa's amin for power_to_db: the mel power floor before 10 log10, so digital silence gives -100 dB, not -inf.
    /// </summary>
    public const float MelPowerFloor = 1e-10f;

    /// <summary>
    /// Log-mel spectrum, the first half of librosa.feature.mfcc: power spectrum, Slaney mel filterbank with
    /// equal-area filters (NWaves FilterBanks.MelBankSlaney), 10 log10 with floor <see cref="MelPowerFloor"/>.
    /// NWaves' MfccExtractor would go on to the DCT frame by frame; librosa first floors the dB values at the clip
    /// maximum minus top_db (<see cref="TopDbFloor"/>), which needs the whole clip, so the extractor stops here.
    /// </summary>
    public static FilterbankOptions LogMel(AnalysisFeatureOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new FilterbankOptions
        {
            SamplingRate = o.SampleRate,
            FrameSize = o.FrameLength,
            HopSize = o.Hop,
            FftSize = o.FftSize,
            Window = WindowType.Hann,
            FilterBankSize = o.MelBands,
            FilterBank = FilterBanks.MelBankSlaney(o.MelBands, o.FftSize, o.SampleRate, o.MelLowHz, o.MelHighHzOrNyquist),
            LowFrequency = o.MelLowHz,
            HighFrequency = o.MelHighHzOrNyquist,
            SpectrumType = SpectrumType.Power,
            NonLinearity = NonLinearityType.ToDecibel,
            LogFloor = MelPowerFloor,
        };
    }

    /// <summary>
    /// Chroma as librosa.filters.chroma builds it (tuning 0, Gaussian octave weighting centred on octave 5, 2
    /// octaves wide, L2-normalised filters), C first, on the power spectrum.
    /// </summary>
    public static ChromaOptions Chroma(AnalysisFeatureOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new ChromaOptions
        {
            SamplingRate = o.SampleRate,
            FrameSize = o.FrameLength,
            HopSize = o.Hop,
            FftSize = o.FftSize,
            Window = WindowType.Hann,
            FeatureCount = 12,
            BaseC = true,
        };
    }

    /// <summary>Spectral shape on the magnitude spectrum (<see cref="SpectralFeatureList"/>).</summary>
    public static MultiFeatureOptions Spectral(AnalysisFeatureOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new MultiFeatureOptions
        {
            SamplingRate = o.SampleRate,
            FrameSize = o.FrameLength,
            HopSize = o.Hop,
            FftSize = o.FftSize,
            Window = WindowType.Hann,
            FeatureList = SpectralFeatureList,
            Parameters = new Dictionary<string, object> { ["rolloffPercent"] = (float)o.RollOffFraction },
        };
    }

    /// <summary>Zero-crossing rate and RMS of the unwindowed frame (<see cref="TemporalFeatureList"/>).</summary>
    public static MultiFeatureOptions Temporal(AnalysisFeatureOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new MultiFeatureOptions
        {
            SamplingRate = o.SampleRate,
            FrameSize = o.FrameLength,
            HopSize = o.Hop,
            FeatureList = TemporalFeatureList,
        };
    }
}
