namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// Sums voices (each placed at a sample offset, with a linear gain) into one buffer and passes it through a
/// <see cref="PeakLimiter"/>, so overlapping notes and release tails never clip. Build with <see cref="Add"/>, finish
/// with <see cref="Mix"/>.
/// </summary>
public sealed class Mixer(int sampleRate, PeakLimiter limiter)
{
    private float[] _bus = [];

    /// <summary>Adds <paramref name="voice"/>·<paramref name="gain"/> starting at sample <paramref name="offset"/> (&gt;= 0); the
    /// bus grows to fit.</summary>
    public void Add(ReadOnlySpan<float> voice, int offset, float gain)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        EnsureLength(offset + voice.Length);
        for (int n = 0; n < voice.Length; n++)
        {
            _bus[offset + n] += gain * voice[n];
        }
    }

    /// <summary>Makes the mix at least <paramref name="length"/> samples long (silence at the end, e.g. a final rest).</summary>
    public void EnsureLength(int length)
    {
        if (length > _bus.Length)
        {
            Array.Resize(ref _bus, length);
        }
    }

    /// <summary>The limited mix (full scale 1, peak at most the limiter's ceiling).</summary>
    public float[] Mix()
    {
        float[] output = (float[])_bus.Clone();
        limiter.Process(output, sampleRate);
        return output;
    }
}
