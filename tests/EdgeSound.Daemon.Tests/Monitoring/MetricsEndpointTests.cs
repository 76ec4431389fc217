using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Tests.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeSound.Daemon.Tests.Monitoring;

/// <summary>The metrics as Prometheus scrapes them: over HTTP from the daemon's metrics listener (Kestrel).</summary>
public sealed class MetricsEndpointTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Scraped_text_has_levels_events_outbox_capture_and_inference_metrics()
    {
        var metrics = new DaemonMetrics(["dog", "siren"]);
        long overruns = 3, dropped = 7;
        metrics.BeforeScrape(() =>
        {
            metrics.Overruns.IncTo(overruns);
            metrics.DroppedChunks.IncTo(dropped);
            metrics.OutboxDepth.Set(4);
        });
        metrics.ObserveMinute(new MinuteLevels(DateTimeOffset.UnixEpoch, 60, -31.25, -20, -28, -33, -36, 120));
        metrics.ObserveOccupancy(new MinuteOccupancy(DateTimeOffset.UnixEpoch, 60, new Dictionary<string, double> { ["dog"] = 15 }), ["dog", "siren"]);
        metrics.CountEvent("dog");
        metrics.CountEvent("dog");
        var timed = new TimedScorer(new LoudnessScorer(), metrics.ObserveInference);
        timed.Score(new sbyte[timed.WindowFrames * timed.Bands], new float[2]);

        var port = FreePort();
        var options = Options.Create(new DaemonOptions { Metrics = new MetricsOptions { Listen = $"127.0.0.1:{port}" } });
        var service = new MetricsService(metrics, options, NullLoggerFactory.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient();
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            Assert.Contains("edgesound_level_dbfs{statistic=\"laeq\"} -31.25", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_level_db_spl{statistic=\"laeq\"} 88.75", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_level_dbfs{statistic=\"l90\"} -36", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_occupancy_ratio{label=\"dog\"} 0.25", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_events_total{label=\"dog\"} 2", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_events_total{label=\"siren\"} 0", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_outbox_depth 4", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_audio_overruns_total 3", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_audio_dropped_chunks_total 7", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_inference_seconds_count 1", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_inference_seconds_bucket{le=\"+Inf\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_history_faults_total 0", text, StringComparison.Ordinal);
            Assert.Contains("edgesound_history_dropped_total 0", text, StringComparison.Ordinal);

            dropped = 9;
            Assert.Contains("edgesound_audio_dropped_chunks_total 9", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")), StringComparison.Ordinal);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("GET /nope HTTP/1.1", "404 Not Found", "GET /nope: no such route")]
    [InlineData("GET /metrics/extra HTTP/1.1", "404 Not Found", "GET /metrics/extra: no such route")]
    [InlineData("POST /metrics HTTP/1.1", "405 Method Not Allowed", "POST /metrics: method not allowed (allowed: GET, HEAD)")]
    [InlineData("DELETE /metrics HTTP/1.1", "405 Method Not Allowed", "DELETE /metrics: method not allowed (allowed: GET, HEAD)")]
    public async Task A_request_other_than_a_scrape_gets_one_plain_text_line_naming_method_and_path(string requestLine, string status, string line)
    {
        var port = FreePort();
        var options = Options.Create(new DaemonOptions { Metrics = new MetricsOptions { Listen = $"127.0.0.1:{port}" } });
        var service = new MetricsService(new DaemonMetrics(["dog"]), options, NullLoggerFactory.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            // As curl -X POST sends it: no body and no Content-Length.
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"));
            var response = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
            var (head, body) = (response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)], response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
            Assert.StartsWith($"HTTP/1.1 {status}\r\n", head, StringComparison.Ordinal);
            Assert.Contains("\r\nContent-Type: text/plain; charset=utf-8", head, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(line + "\n", body);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_port_in_use_is_logged_and_the_daemon_goes_on()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var log = new RecordingLogger();
        var options = Options.Create(new DaemonOptions { Metrics = new MetricsOptions { Listen = $"127.0.0.1:{port}" } });
        var service = new MetricsService(new DaemonMetrics(["dog"]), options, new SingleLoggerFactory(log));
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);
        Assert.Contains(log.At(Microsoft.Extensions.Logging.LogLevel.Error), m => m.Contains($"Cannot serve metrics on 127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:9464", true)]
    [InlineData("+:80", true)]
    [InlineData("localhost:0", false)]
    [InlineData("9464", false)]
    [InlineData("http://host:9464", false)]
    [InlineData("host:99999", false)]
    public void Listen_values_are_host_and_port(string text, bool valid) => Assert.Equal(valid, MetricsListen.TryParse(text, out _));

    private sealed class SingleLoggerFactory(RecordingLogger log) : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => log;

        public void Dispose()
        {
        }
    }
}
