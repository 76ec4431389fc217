using System.Globalization;

namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Whether audio recorded at a sample rate can carry the frontend's mel band: audio holds nothing above its Nyquist
/// frequency (rate / 2), so a recording whose Nyquist frequency is below <see cref="FrontendConfig.HighHz"/> leaves the
/// mel bands above it empty after resampling to <see cref="FrontendConfig.SampleRate"/> (8 kHz input: Nyquist 4 kHz,
/// 15 of the default 64 bands peak above it), and the model sees only part of the band
/// it was trained on.
/// </summary>
public static class InputBandCheck
{
    /// <summary>Bands whose peak (<see cref="MelBandLayout.CentersHz"/>) lies above <paramref name="sampleRate"/> / 2.</summary>
    public static int BandsAboveNyquist(int sampleRate, FrontendConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        double nyquist = sampleRate / 2.0;
        int count = 0;
        foreach (double centre in MelBandLayout.CentersHz(config))
        {
            count += centre > nyquist ? 1 : 0;
        }

        return count;
    }

    /// <summary>Null when rate / 2 reaches the frontend's upper mel edge; otherwise one sentence saying what is missing.</summary>
    public static string? Shortfall(int sampleRate, FrontendConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double nyquist = sampleRate / 2.0;
        if (nyquist >= config.HighHz)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"audio sampled at {sampleRate} Hz holds nothing above {nyquist:0} Hz but the model's mel bands reach {config.HighHz:0} Hz: {BandsAboveNyquist(sampleRate, config)} of {config.MelBands} bands peak above {nyquist:0} Hz and stay empty, so sounds are classified from part of the band the model learned (expect more errors; record at {2 * config.HighHz:0} Hz or more)");
    }
}
