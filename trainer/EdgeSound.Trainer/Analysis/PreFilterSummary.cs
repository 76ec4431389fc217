using System.Globalization;
using EdgeSound.Dsp.Features;

namespace EdgeSound.Trainer.Analysis;

/// <summary>
/// The analysis pre-filter the features were computed after, as analysis.json records it (<c>pre_filter</c>):
/// cut-offs in Hz, 0 where that filter is off, and the biquads' quality factor.
/// </summary>
public sealed record PreFilterSummary(double HighpassHz, double LowpassHz, double Q)
{
    /// <summary>No pre-filter (both cut-offs 0).</summary>
    public static PreFilterSummary None { get; } = new(0, 0, AnalysisPreFilter.ButterworthQ);

    /// <summary>The pre-filter that <paramref name="options"/> sets.</summary>
    public static PreFilterSummary From(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.HighPassHz, options.LowPassHz, AnalysisPreFilter.ButterworthQ);
    }

    /// <summary>One line for the report and the log, e.g. "high-pass 100 Hz, low-pass 4000 Hz (biquads, Q 0.707)", or "none".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (HighpassHz > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"high-pass {HighpassHz:0.##} Hz"));
        if (LowpassHz > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"low-pass {LowpassHz:0.##} Hz"));
        return parts.Count == 0 ? "none"
            : string.Join(", ", parts) + string.Create(CultureInfo.InvariantCulture, $" (biquads, Butterworth Q {Q:0.###}, 12 dB/octave)");
    }
}
