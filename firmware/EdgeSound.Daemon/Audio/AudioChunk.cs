using System.Collections.Concurrent;
using System.Threading.Channels;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// A block of 16 kHz mono int16 samples travelling from a source to the pipeline. Its buffer comes from a
/// <see cref="ChunkPool"/>; the consumer gives it back with <see cref="Return"/>.
/// </summary>
public readonly record struct AudioChunk(short[] Buffer, int Count, ChunkPool Pool)
{
    public ReadOnlySpan<short> Samples => Buffer.AsSpan(0, Count);

    public void Return() => Pool.Return(Buffer);
}

/// <summary>
/// A fixed set of chunk buffers shared by one source and the pipeline, so a day-long stream allocates nothing
/// once the channel has filled (the shared <c>ArrayPool</c> keeps only a few buffers per size and would drop the rest).
/// Lock-free (<see cref="ConcurrentQueue{T}"/>, whose ring segment is reused while it holds at most <c>keep</c>
/// buffers): the source thread and the pipeline thread never wait on each other here, which a lock made them do
/// whenever the thread holding it was preempted on a busy machine.
/// </summary>
public sealed class ChunkPool(int bufferSamples, int keep)
{
    private readonly ConcurrentQueue<short[]> _free = new();
    private int _count;

    public AudioChunk Copy(ReadOnlySpan<short> samples)
    {
        if (samples.Length > bufferSamples)
        {
            throw new ArgumentException($"{samples.Length} samples exceed the pool's {bufferSamples}-sample buffers", nameof(samples));
        }

        short[] buffer;
        if (_free.TryDequeue(out var pooled))
        {
            Interlocked.Decrement(ref _count);
            buffer = pooled;
        }
        else
        {
            buffer = new short[bufferSamples];
        }

        samples.CopyTo(buffer);
        return new AudioChunk(buffer, samples.Length, this);
    }

    public void Return(short[] buffer)
    {
        if (Interlocked.Increment(ref _count) <= keep)
        {
            _free.Enqueue(buffer);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}

/// <summary>The capture -> pipeline channel and its full-mode rule.</summary>
public static class AudioChannel
{
    /// <summary>Samples per chunk a source should aim for (64 ms at 16 kHz).</summary>
    public const int ChunkSamples = 1024;

    /// <summary>Largest chunk a source may send.</summary>
    public const int MaxChunkSamples = 8192;

    /// <summary>
    /// A bounded channel holding <paramref name="seconds"/> of audio. Full mode <see cref="BoundedChannelFullMode.Wait"/>:
    /// file and stdin sources wait for room (<see cref="WriteWaiting"/>; nothing is ever dropped); live sources
    /// write with <c>TryWrite</c> and count the chunk as dropped when the pipeline has fallen that far behind.
    /// </summary>
    public static Channel<AudioChunk> Create(double seconds) =>
        Channel.CreateBounded<AudioChunk>(new BoundedChannelOptions(Capacity(seconds))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

    public static int Capacity(double seconds) => Math.Max(2, (int)Math.Ceiling(seconds * SampleConditioner.OutputRate / ChunkSamples));

    /// <summary>A pool for a source writing into a channel of <paramref name="seconds"/>.</summary>
    public static ChunkPool Pool(double seconds) => new(MaxChunkSamples, Capacity(seconds) + 4);

    /// <summary>
    /// Writes from a source thread, waiting (polling every millisecond, which allocates nothing) while the channel is
    /// full. Returns false when cancelled or the channel was closed; the chunk is then returned to its pool.
    /// </summary>
    public static bool WriteWaiting(ChannelWriter<AudioChunk> writer, AudioChunk chunk, CancellationToken cancel)
    {
        while (!writer.TryWrite(chunk))
        {
            if (cancel.IsCancellationRequested)
            {
                chunk.Return();
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }

    /// <summary>
    /// Counts <paramref name="samples"/> on <paramref name="counters"/> and sends a pooled copy with
    /// <see cref="WriteWaiting"/> (for sources that never drop). Nothing is sent for an empty span.
    /// Returns false when cancelled or the channel was closed.
    /// </summary>
    public static bool SendWaiting(ChannelWriter<AudioChunk> writer, ChunkPool pool, ReadOnlySpan<short> samples, SourceCounters counters, CancellationToken cancel)
    {
        if (samples.IsEmpty)
        {
            return true;
        }

        counters.AddSamples(samples.Length);
        counters.Beat();
        return WriteWaiting(writer, pool.Copy(samples), cancel);
    }

    /// <summary>Runs a source's blocking loop on its own thread; the task ends with the loop.</summary>
    public static Task RunOnThread(string name, Action loop, ThreadPriority priority = ThreadPriority.Normal)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.TrySetResult();
            }
            catch (OperationCanceledException)
            {
                done.TrySetCanceled();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
            Priority = priority,
        };
        thread.Start();
        return done.Task;
    }
}
