using EdgeSound.Daemon.Audio;
using Xunit;

namespace EdgeSound.Daemon.Tests.Audio;

public sealed class ChunkPoolTests
{
    [Fact]
    public void A_returned_buffer_is_reused_and_carries_the_new_samples()
    {
        var pool = new ChunkPool(bufferSamples: 8, keep: 2);
        var first = pool.Copy([1, 2, 3]);
        first.Return();
        var second = pool.Copy([4, 5]);
        Assert.Same(first.Buffer, second.Buffer);
        Assert.Equal(new short[] { 4, 5 }, second.Samples.ToArray());
    }

    [Fact]
    public void At_most_keep_buffers_are_kept()
    {
        var pool = new ChunkPool(bufferSamples: 4, keep: 2);
        var chunks = Enumerable.Range(0, 3).Select(i => pool.Copy([(short)i])).ToList();
        chunks.ForEach(c => c.Return());
        var reused = Enumerable.Range(0, 3).Select(_ => pool.Copy([7]).Buffer).ToList();
        Assert.Equal(2, reused.Count(b => chunks.Any(c => ReferenceEquals(c.Buffer, b))));
    }

    [Fact]
    public void Oversized_chunks_are_refused()
    {
        var pool = new ChunkPool(bufferSamples: 4, keep: 2);
        Assert.Throws<ArgumentException>(() => pool.Copy(new short[5]));
    }

    [Fact]
    public async Task A_source_thread_and_a_consumer_thread_share_the_pool_without_mixing_chunks()
    {
        const int Chunks = 20000;
        var pool = new ChunkPool(bufferSamples: 16, keep: 8);
        var queue = new System.Collections.Concurrent.BlockingCollection<AudioChunk>(boundedCapacity: 4);
        var producer = Task.Run(() =>
        {
            Span<short> samples = stackalloc short[16];
            for (var i = 0; i < Chunks; i++)
            {
                samples.Fill((short)i);
                queue.Add(pool.Copy(samples[..(1 + (i % 16))]));
            }

            queue.CompleteAdding();
        });
        var buffers = new HashSet<short[]>(ReferenceEqualityComparer.Instance);
        var seen = 0;
        foreach (var chunk in queue.GetConsumingEnumerable())
        {
            Assert.Equal(1 + (seen % 16), chunk.Count);
            Assert.All(chunk.Samples.ToArray(), s => Assert.Equal((short)seen, s));
            buffers.Add(chunk.Buffer);
            chunk.Return();
            seen++;
        }

        await producer;
        Assert.Equal(Chunks, seen);
        // Four in the queue, one being filled, one being read, and at most keep = 8 parked: never one per chunk.
        Assert.InRange(buffers.Count, 1, 16);
    }
}
