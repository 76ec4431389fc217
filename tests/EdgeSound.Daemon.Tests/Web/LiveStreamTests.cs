using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Web;
using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

public sealed class LiveStreamTests
{
    [Fact]
    public async Task A_client_that_does_not_read_loses_its_oldest_messages_and_they_are_counted()
    {
        var live = new LiveStream();
        var (reader, subscription) = live.Subscribe();
        using (subscription)
        {
            var t0 = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < LiveStream.ClientQueue + 10; i++)
            {
                live.OnNext(new LevelReading(t0.AddSeconds(i), -40, -40));
            }

            Assert.Equal(10, live.Dropped);
            Assert.True(reader.TryRead(out var oldestKept));
            Assert.Contains("09:00:10.000", oldestKept.Data, StringComparison.Ordinal);
        }

        var metrics = new DaemonMetrics(["dog"]);
        metrics.BeforeScrape(() => metrics.LiveDropped.IncTo(live.Dropped));
        Assert.Contains("edgesound_live_dropped_total 10", await metrics.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_connects_after_the_input_ended_gets_an_ended_stream_not_a_hanging_one()
    {
        var live = new LiveStream();
        var (early, earlySubscription) = live.Subscribe();
        live.OnCompleted();
        await early.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        var (late, lateSubscription) = live.Subscribe();
        using (earlySubscription)
        using (lateSubscription)
        {
            await late.Completion.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.False(late.TryRead(out _));
            Assert.Equal(0, live.Clients);
        }
    }
}
