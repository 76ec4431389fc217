using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Base;
using NWaves.FeatureExtractors.Options;
using NWaves.Utils;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// NWaves' <see cref="FilterbankExtractor"/> for a power spectrum in decibels, with the filterbank product taken only
/// over each filter's non-zero bins. NWaves multiplies the whole [bands x (FftSize / 2 + 1)] matrix per frame
/// (128 x 513 at the defaults), although a mel filter is a triangle spanning two neighbouring bands' bins (about 2
/// of every 128 columns); the framing, Hann window and power spectrum stay NWaves'. Every filter still sums its
/// bins in ascending order, and the bins skipped add exactly 0, so each band equals NWaves' own
/// <c>FilterBanks.ApplyAndToDecibel</c>: 10 log10(max(energy, LogFloor)) (NWaves <c>Scale.ToDecibelPower</c>).
/// </summary>
public sealed class SparseLogMelExtractor : FilterbankExtractor
{
    private readonly FilterbankOptions _options;
    private readonly int[] _firstBin;
    private readonly int[] _endBin;

    /// <summary>
    /// Builds the extractor; <paramref name="options"/> must carry the filterbank (rows of FftSize / 2 + 1 weights)
    /// and <see cref="NonLinearityType.ToDecibel"/> on a <see cref="SpectrumType.Power"/> spectrum, else
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public SparseLogMelExtractor(FilterbankOptions options)
        : base(options)
    {
        if (options.FilterBank is null || options.NonLinearity != NonLinearityType.ToDecibel || options.SpectrumType != SpectrumType.Power)
        {
            throw new ArgumentException("SparseLogMelExtractor needs a given filterbank, NonLinearity ToDecibel and SpectrumType Power", nameof(options));
        }

        _options = options;
        _firstBin = new int[FilterBank.Length];
        _endBin = new int[FilterBank.Length];
        for (int band = 0; band < FilterBank.Length; band++)
        {
            float[] weights = FilterBank[band];
            int first = Array.FindIndex(weights, w => w != 0);
            _firstBin[band] = first < 0 ? 0 : first;
            _endBin[band] = first < 0 ? 0 : Array.FindLastIndex(weights, w => w != 0) + 1;
        }
    }

    /// <summary>Bins that carry a non-zero weight, summed over all filters (the multiplications per frame).</summary>
    public int NonZeroSpan => _endBin.Select((end, band) => end - _firstBin[band]).Sum();

    /// <summary>A copy for another thread (NWaves' parallel framing), sparse like this one.</summary>
    public override FeatureExtractor ParallelCopy() => new SparseLogMelExtractor(_options);

    /// <summary>Log-mel energies (dB) of one windowed, zero-padded block of FftSize samples into <paramref name="features"/>.</summary>
    public override void ProcessFrame(float[] block, float[] features)
    {
        _fft.PowerSpectrum(block, _spectrum, false);
        for (int band = 0; band < FilterBank.Length; band++)
        {
            float[] weights = FilterBank[band];
            float energy = 0f;
            for (int k = _firstBin[band]; k < _endBin[band]; k++)
            {
                energy += weights[k] * _spectrum[k];
            }

            features[band] = (float)Scale.ToDecibelPower(Math.Max(energy, _logFloor));
        }
    }
}
