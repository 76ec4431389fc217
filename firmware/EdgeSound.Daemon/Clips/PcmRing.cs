namespace EdgeSound.Daemon.Clips;

/// <summary>
/// The last <see cref="Capacity"/> samples of a PCM stream (16 kHz mono int16), addressed by absolute sample
/// index from the start of the stream. <see cref="Write"/> appends; <see cref="CopyTo"/> reads back any span that
/// is still held, sample for sample. No allocation after construction.
/// </summary>
public sealed class PcmRing
{
    private readonly short[] _buffer;

    /// <param name="capacity">Samples held (at least 1).</param>
    public PcmRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffer = new short[capacity];
    }

    public int Capacity => _buffer.Length;

    /// <summary>Samples written since the start: the absolute index of the next sample.</summary>
    public long Position { get; private set; }

    /// <summary>Absolute index of the oldest sample still held.</summary>
    public long Oldest => Math.Max(0, Position - _buffer.Length);

    public void Write(ReadOnlySpan<short> samples)
    {
        if (samples.Length > _buffer.Length)
        {
            Position += samples.Length - _buffer.Length;
            samples = samples[^_buffer.Length..];
        }

        var at = (int)(Position % _buffer.Length);
        var first = Math.Min(samples.Length, _buffer.Length - at);
        samples[..first].CopyTo(_buffer.AsSpan(at));
        samples[first..].CopyTo(_buffer);
        Position += samples.Length;
    }

    /// <summary>Copies the samples [<paramref name="start"/>, start + destination.Length) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Part of the span is older than <see cref="Oldest"/> or not written yet.</exception>
    public void CopyTo(long start, Span<short> destination)
    {
        if (start < Oldest || start + destination.Length > Position)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"samples [{start},{start + destination.Length}) are not all held (held: [{Oldest},{Position}))");
        }

        var at = (int)(start % _buffer.Length);
        var first = Math.Min(destination.Length, _buffer.Length - at);
        _buffer.AsSpan(at, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }
}
