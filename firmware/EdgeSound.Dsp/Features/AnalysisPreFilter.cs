using NWaves.Filters.BiQuad;

namespace EdgeSound.Dsp.Features;

/// <summary>
/// The optional analysis pre-filter: NWaves' biquad high-pass and/or low-pass (Robert Bristow-Johnson's Audio EQ
/// Cookbook) at <see cref="AnalysisFeatureOptions.HighPassHz"/> and <see cref="AnalysisFeatureOptions.LowPassHz"/>
/// with Q = 1/√2 (<see cref="ButterworthQ"/>), i.e. a second-order Butterworth response through the bilinear
/// transform: |H|² = 1 / (1 + (tan(π f / fs) / tan(π fc / fs))^(∓4)) (− for the high-pass), -3 dB at the cut-off and
/// 12 dB per octave beyond it. Each clip is filtered from a zero state, high-pass first. Not thread-safe (the filters
/// hold their state): one per thread.
/// </summary>
public sealed class AnalysisPreFilter
{
    /// <summary>The Butterworth quality factor 1/√2 (maximally flat pass band).</summary>
    public static readonly double ButterworthQ = 1 / Math.Sqrt(2);

    private readonly HighPassFilter? _highPass;
    private readonly LowPassFilter? _lowPass;

    /// <summary>The filters <paramref name="options"/> asks for; throws <see cref="ArgumentException"/> naming an invalid option.</summary>
    public AnalysisPreFilter(AnalysisFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _highPass = options.HighPassHz > 0 ? new HighPassFilter(options.HighPassHz / options.SampleRate, ButterworthQ) : null;
        _lowPass = options.LowPassHz > 0 ? new LowPassFilter(options.LowPassHz / options.SampleRate, ButterworthQ) : null;
    }

    /// <summary>True when a high-pass or a low-pass is set.</summary>
    public bool IsActive => _highPass is not null || _lowPass is not null;

    /// <summary>The filtered copy of <paramref name="samples"/> (a plain copy when no filter is set).</summary>
    public float[] Apply(ReadOnlySpan<float> samples)
    {
        float[] output = samples.ToArray();
        Run(_highPass, output);
        Run(_lowPass, output);
        return output;
    }

    private static void Run(BiQuadFilter? filter, float[] signal)
    {
        if (filter is null)
        {
            return;
        }

        filter.Reset();
        for (int n = 0; n < signal.Length; n++)
        {
            signal[n] = filter.Process(signal[n]);
        }
    }
}
