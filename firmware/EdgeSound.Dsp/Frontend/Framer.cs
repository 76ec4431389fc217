namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Stage 0: cuts the incoming sample stream into overlapping windows of <c>windowSamples</c>, one every
/// <c>hopSamples</c>. The first window is complete after <c>windowSamples</c> samples (no padding), so a clip of n
/// samples gives 1 + (n - window) / hop frames.
/// </summary>
/// <remarks>Scales: int16 PCM in; samples are held as int in Q<c>fractionBits</c> (x * 2^fractionBits, 12 in the
/// frontend), so the sample filters keep that many bits below the int16 LSB instead of rounding to whole LSBs.
/// A fixed buffer of one window: after each frame the newest window - hop samples move to the front. No sample
/// counter is kept, so nothing grows or overflows on a 24/7 stream.</remarks>
public sealed class Framer
{
    private readonly int[] buffer;
    private readonly int hop;
    private readonly int fractionBits;
    private int filled;

    /// <summary>Creates a framer for windows of <paramref name="windowSamples"/> advanced by <paramref name="hopSamples"/>,
    /// holding samples with <paramref name="fractionBits"/> fraction bits (0..14).</summary>
    public Framer(int windowSamples, int hopSamples, int fractionBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fractionBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fractionBits, 14);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hopSamples, windowSamples);
        buffer = new int[windowSamples];
        hop = hopSamples;
        this.fractionBits = fractionBits;
    }

    /// <summary>True when a whole window is buffered; read it with <see cref="Window"/>, then call <see cref="Advance"/>.</summary>
    public bool IsFull => filled == buffer.Length;

    /// <summary>The buffered window, oldest sample first (Q<c>fractionBits</c> int16 units, after the sample filters).</summary>
    public ReadOnlySpan<int> Window => buffer;

    /// <summary>Widens up to the free space's worth of <paramref name="pcm"/> into the buffer and returns the new samples,
    /// which the sample filters then process in place. Takes nothing when the buffer is full.</summary>
    public Span<int> Append(ReadOnlySpan<short> pcm)
    {
        int count = Math.Min(buffer.Length - filled, pcm.Length);
        Span<int> fresh = buffer.AsSpan(filled, count);
        for (int i = 0; i < fresh.Length; i++)
        {
            fresh[i] = pcm[i] << fractionBits;
        }

        filled += count;
        return fresh;
    }

    /// <summary>Drops the oldest hop of samples after a frame.</summary>
    public void Advance()
    {
        if (!IsFull)
        {
            throw new InvalidOperationException("Framer.Advance called before a whole window was buffered.");
        }

        buffer.AsSpan(hop).CopyTo(buffer);
        filled -= hop;
    }

    /// <summary>Empties the buffer: the next frame needs a whole new window.</summary>
    public void Reset()
    {
        Array.Clear(buffer);
        filled = 0;
    }
}
