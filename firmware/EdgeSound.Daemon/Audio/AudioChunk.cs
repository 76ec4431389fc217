using System.Buffers;
using System.Threading.Channels;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// A block of 16 kHz mono int16 samples travelling from a source to the pipeline. The buffer is rented from
/// <see cref="ArrayPool{T}.Shared"/>; the consumer returns it with <see cref="Return"/>.
/// </summary>
public readonly record struct AudioChunk(short[] Buffer, int Count)
{
    public ReadOnlySpan<short> Samples => Buffer.AsSpan(0, Count);

    public static AudioChunk Copy(ReadOnlySpan<short> samples)
    {
        var buffer = ArrayPool<short>.Shared.Rent(Math.Max(1, samples.Length));
        samples.CopyTo(buffer);
        return new AudioChunk(buffer, samples.Length);
    }

    public void Return() => ArrayPool<short>.Shared.Return(Buffer);
}

/// <summary>The capture -> pipeline channel and its full-mode rule.</summary>
public static class AudioChannel
{
    /// <summary>Samples per chunk a source should aim for (64 ms at 16 kHz).</summary>
    public const int ChunkSamples = 1024;

    /// <summary>
    /// A bounded channel holding <paramref name="seconds"/> of audio. Full mode <see cref="BoundedChannelFullMode.Wait"/>:
    /// file and stdin sources await room (nothing is ever dropped); live sources write with <c>TryWrite</c> and count
    /// the chunk as dropped when the pipeline has fallen that far behind.
    /// </summary>
    public static Channel<AudioChunk> Create(double seconds) =>
        Channel.CreateBounded<AudioChunk>(new BoundedChannelOptions(Math.Max(2, (int)Math.Ceiling(seconds * SampleConditioner.OutputRate / ChunkSamples)))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
}
