namespace EdgeSound.Dsp.Features;

/// <summary>
/// One analysis frame as the extractors see it: the (unwindowed, centred) time samples, the power spectrum
/// |X[k]|^2 and the magnitude spectrum |X[k]| of the Hann-windowed frame, k = 0..FftSize/2.
/// </summary>
public readonly ref struct SpectralFrame(ReadOnlySpan<float> samples, ReadOnlySpan<float> power, ReadOnlySpan<float> magnitude)
{
    public ReadOnlySpan<float> Samples { get; } = samples;

    public ReadOnlySpan<float> Power { get; } = power;

    public ReadOnlySpan<float> Magnitude { get; } = magnitude;
}
