using EdgeSound.Daemon.Clips;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

public sealed class PcmRingTests
{
    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 7)]
    [InlineData(1000, 999)]
    [InlineData(1000, 1000)]
    [InlineData(1000, 2500)]
    public void Reads_back_every_held_span_sample_for_sample(int capacity, int chunk)
    {
        var ring = new PcmRing(capacity);
        long written = 0;
        var random = new Random(capacity + chunk);
        while (written < 10 * capacity)
        {
            var n = 1 + random.Next(chunk);
            ring.Write(ClipFixtures.RampSpan(written, n));
            written += n;
            Assert.Equal(written, ring.Position);
            Assert.Equal(Math.Max(0, written - capacity), ring.Oldest);
            var start = ring.Oldest + random.Next((int)(ring.Position - ring.Oldest));
            var length = random.Next((int)(ring.Position - start) + 1);
            var read = new short[length];
            ring.CopyTo(start, read);
            Assert.Equal(ClipFixtures.RampSpan(start, length), read);
        }
    }

    [Fact]
    public void Refuses_spans_overwritten_or_not_yet_written()
    {
        var ring = new PcmRing(100);
        ring.Write(ClipFixtures.RampSpan(0, 250));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.CopyTo(149, new short[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.CopyTo(245, new short[10]));
        var all = new short[100];
        ring.CopyTo(150, all);
        Assert.Equal(ClipFixtures.RampSpan(150, 100), all);
    }
}
