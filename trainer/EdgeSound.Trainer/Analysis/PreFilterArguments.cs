using System.CommandLine;
using System.Globalization;
using EdgeSound.Dsp.Features;

namespace EdgeSound.Trainer.Analysis;

/// <summary>
/// <c>--highpass HZ</c> and <c>--lowpass HZ</c> of <c>analyze</c> and <c>features</c>: the optional analysis
/// pre-filter (<see cref="AnalysisPreFilter"/>, Butterworth-Q biquads) on the 16 kHz clips. The values are read here,
/// not by the parser, so that a bad one gets the verbs' own one-line message and exit code 2.
/// </summary>
public static class PreFilterArguments
{
    /// <summary>The <c>--highpass HZ</c> option (cut-off in Hz, read by <see cref="Apply"/>).</summary>
    public static Option<string?> HighPass() =>
        new("--highpass") { Description = "High-pass the 16 kHz clips at HZ before the features (biquad, Butterworth Q, 12 dB/octave); 0 < HZ < 8000.", HelpName = "HZ" };

    /// <summary>The <c>--lowpass HZ</c> option (cut-off in Hz, read by <see cref="Apply"/>).</summary>
    public static Option<string?> LowPass() =>
        new("--lowpass") { Description = "Low-pass the 16 kHz clips at HZ before the features (biquad, Butterworth Q, 12 dB/octave); 0 < HZ < 8000, above --highpass.", HelpName = "HZ" };

    /// <summary>
    /// <paramref name="options"/> with the cut-offs given (null: that filter off); throws <see cref="ArgumentException"/>
    /// naming the option and its value when a cut-off is not a number in (0, Nyquist) or the high-pass is not below the low-pass.
    /// </summary>
    public static AnalysisFeatureOptions Apply(AnalysisFeatureOptions options, string? highPass, string? lowPass)
    {
        ArgumentNullException.ThrowIfNull(options);
        double nyquist = options.SampleRate / 2.0;
        double high = Cutoff("--highpass", highPass, nyquist);
        double low = Cutoff("--lowpass", lowPass, nyquist);
        if (high > 0 && low > 0 && high >= low)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--highpass {high} Hz must be below --lowpass {low} Hz (the band between them is kept)."));
        }

        return options with { HighPassHz = high, LowPassHz = low };
    }

    private static double Cutoff(string option, string? text, double nyquist)
    {
        if (text is null)
        {
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double hz) || !(hz > 0 && hz < nyquist))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{option}: '{text}' is not a frequency above 0 and below the Nyquist frequency, {nyquist} Hz (expected e.g. {option} 100)."));
        }

        return hz;
    }
}
