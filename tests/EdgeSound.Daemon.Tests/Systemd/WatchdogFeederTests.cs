using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Daemon.Hosting.Systemd;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Systemd;

/// <summary>
/// The watchdog loop against Microsoft.Extensions.Hosting.Systemd's real notifier and a real notify socket, with the
/// counters capture and pipeline update driven as a live microphone and a pipeline would.
/// </summary>
public sealed class WatchdogFeederTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);
    private static readonly Lock EnvironmentLock = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("edgesound-watchdog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Live_audio_with_a_pipeline_keeping_up_gets_pings()
    {
        var pings = Run((capture, pipeline) =>
        {
            capture.Beat();
            pipeline.SetWindows(1, 0);
        });

        Assert.True(pings.Late >= 2, $"{pings.Late} pings in the last second");
    }

    [Fact]
    public void A_hung_pipeline_with_live_audio_stops_the_pings()
    {
        var pings = Run((capture, pipeline) => capture.Beat());

        Assert.True(pings.Early >= 1, "the watchdog never pinged before the pipeline counted as hung");
        Assert.Equal(0, pings.Late);
    }

    [Fact]
    public void Drops_count_only_since_the_previous_check()
    {
        var capture = new SourceCounters();
        var pipeline = new DaemonStats();
        var feeder = new WatchdogFeeder(NotifierFor(Path.Combine(_dir, "unused")), capture, pipeline, NullLogger.Instance);
        capture.AddDropped();
        capture.AddDropped();

        var behind = feeder.Check(TimeSpan.FromSeconds(30));
        var caughtUp = feeder.Check(TimeSpan.FromSeconds(30));

        Assert.False(behind.Feed);
        Assert.Contains("2 chunks dropped", behind.Reason);
        Assert.True(caughtUp.Feed, caughtUp.Reason);
    }

    [Fact]
    public void A_microphone_being_reopened_keeps_the_pings()
    {
        var pings = Run((capture, pipeline) => capture.Reopening(TimeSpan.FromMilliseconds(300)));

        Assert.True(pings.Late >= 2, $"{pings.Late} pings in the last second");
    }

    /// <summary>Runs the feeder 2 s while <paramref name="step"/> runs every 20 ms; counts pings in each second.</summary>
    private (int Early, int Late) Run(Action<SourceCounters, DaemonStats> step)
    {
        var path = Path.Combine(_dir, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 50;
        var notifier = NotifierFor(path);
        Assert.True(notifier.IsEnabled);
        var capture = new SourceCounters();
        var pipeline = new DaemonStats();
        var feeder = new WatchdogFeeder(notifier, capture, pipeline, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = feeder.RunAsync(Timeout, stop.Token);
        var clock = Stopwatch.StartNew();
        int early = 0, late = 0;
        var buffer = new byte[256];
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            step(capture, pipeline);
            try
            {
                var n = socket.Receive(buffer);
                Assert.Equal("WATCHDOG=1", Encoding.UTF8.GetString(buffer, 0, n));
                if (clock.Elapsed < TimeSpan.FromSeconds(1))
                {
                    early++;
                }
                else
                {
                    late++;
                }
            }
            catch (SocketException)
            {
            }

            Thread.Sleep(20);
        }

        stop.Cancel();
        running.GetAwaiter().GetResult();
        return (early, late);
    }

    /// <summary>The package's notifier reads <c>$NOTIFY_SOCKET</c> when constructed.</summary>
    private static SystemdNotifier NotifierFor(string path)
    {
        lock (EnvironmentLock)
        {
            var before = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", path);
            try
            {
                return new SystemdNotifier();
            }
            finally
            {
                Environment.SetEnvironmentVariable("NOTIFY_SOCKET", before);
            }
        }
    }
}
