namespace EdgeSound.Dsp.Features;

/// <summary>
/// MFCC as librosa.feature.mfcc: Slaney mel power spectrum -> dB (power_to_db, ref 1, amin 1e-10) -> orthonormal
/// DCT-II, first <see cref="AnalysisFeatureOptions.MfccCount"/> coefficients. librosa also floors the dB values
/// at (clip maximum - top_db); that needs the whole clip, so it is split out: <see cref="LogMel"/> per frame,
/// then <see cref="Decibel.ApplyTopDb"/> over the clip, then <see cref="Cepstrum"/> per frame.
/// </summary>
public sealed class MfccExtractor
{
    private readonly SlaneyMelFilterbank _filterbank;
    private readonly float[] _dct; // [coefficient, band]

    public MfccExtractor(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _filterbank = new SlaneyMelFilterbank(options.MelBands, options.FftSize, options.SampleRate, options.MelLowHz, options.MelHighHzOrNyquist);
        MelBands = options.MelBands;
        Count = options.MfccCount;
        _dct = new float[Count * MelBands];
        for (int c = 0; c < Count; c++)
        {
            double scale = Math.Sqrt((c == 0 ? 1.0 : 2.0) / MelBands);
            for (int b = 0; b < MelBands; b++)
            {
                _dct[c * MelBands + b] = (float)(scale * Math.Cos(Math.PI * c * (2 * b + 1) / (2.0 * MelBands)));
            }
        }
    }

    public int MelBands { get; }

    public int Count { get; }

    public SlaneyMelFilterbank Filterbank => _filterbank;

    /// <summary>Mel band energies of the frame in dB (no top-dB floor yet).</summary>
    public void LogMel(in SpectralFrame frame, Span<float> melDb)
    {
        _filterbank.Apply(frame.Power, melDb);
        Decibel.FromPower(melDb[..MelBands]);
    }

    /// <summary>Orthonormal DCT-II of one frame's (floored) log-mel vector.</summary>
    public void Cepstrum(ReadOnlySpan<float> melDb, Span<float> mfcc)
    {
        for (int c = 0; c < Count; c++)
        {
            ReadOnlySpan<float> basis = _dct.AsSpan(c * MelBands, MelBands);
            float s = 0;
            for (int b = 0; b < MelBands; b++)
            {
                s += basis[b] * melDb[b];
            }

            mfcc[c] = s;
        }
    }
}
