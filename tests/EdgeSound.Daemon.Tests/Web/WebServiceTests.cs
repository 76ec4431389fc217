using System.Net;
using System.Net.Sockets;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

/// <summary>The dashboard's host: off by default, and a port already taken is logged while the daemon listens on.</summary>
public sealed class WebServiceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"es-websvc-{Guid.NewGuid():N}");
    private readonly LevelStore _store;
    private readonly DashboardSources _sources;

    public WebServiceTests()
    {
        Directory.CreateDirectory(_dir);
        _store = LevelStore.Open(Path.Combine(_dir, "history.db"), 30, NullLogger.Instance);
        var feed = new LevelFeed();
        _sources = new DashboardSources(new RecentEvents(), new LevelHistory(_store, feed, null, TimeProvider.System), new LiveStream(),
            new DaemonMetrics(["dog"]), DetectionRules.From(new DetectionOptions(), ["dog"]), "m.onnx");
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_port_in_use_is_logged_and_the_service_starts_without_the_dashboard()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var log = new RecordingLogger();
        using var logs = LoggerFactory.Create(b => b.AddProvider(new OneLogger(log)));
        var service = new WebService(_sources, Options.Create(new DaemonOptions { Web = new WebOptions { Listen = $"http://127.0.0.1:{port}" } }), logs);
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);
        await service.DisposeAsync();
        var line = Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning).Message;
        Assert.StartsWith($"Cannot serve the dashboard on http://127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.EndsWith("): running without it", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_0_logs_the_port_the_system_gave_and_it_serves_there()
    {
        var log = new RecordingLogger();
        using var logs = LoggerFactory.Create(b => b.AddProvider(new OneLogger(log)));
        var service = new WebService(_sources, Options.Create(new DaemonOptions { Web = new WebOptions { Listen = "http://127.0.0.1:0" } }), logs);
        await service.StartAsync(CancellationToken.None);
        try
        {
            var line = Assert.Single(log.Entries, e => e.Message.StartsWith("Dashboard at ", StringComparison.Ordinal)).Message;
            var url = System.Text.RegularExpressions.Regex.Match(line, @"^Dashboard at (http://127\.0\.0\.1:(\d+))/ ").Groups;
            Assert.True(url[2].Success && int.Parse(url[2].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, line);
            using var http = new HttpClient();
            using var page = await http.GetAsync(url[1].Value + "/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_web_listen_the_dashboard_stays_off_and_silent()
    {
        var log = new RecordingLogger();
        using var logs = LoggerFactory.Create(b => b.AddProvider(new OneLogger(log)));
        var service = new WebService(_sources, Options.Create(new DaemonOptions()), logs);
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);
        await service.DisposeAsync();
        Assert.Empty(log.Entries);
    }

    private sealed class OneLogger(RecordingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
