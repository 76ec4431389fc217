using System.Net;
using System.Net.Sockets;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    [Fact]
    public async Task Live_streams_end_as_the_host_begins_to_stop_not_when_the_stop_reaches_the_dashboard()
    {
        var log = new RecordingLogger();
        using var logs = LoggerFactory.Create(b => b.AddProvider(new OneLogger(log)));
        var laterService = new HeldStop();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMinutes(1));
        builder.Services.AddHostedService(_ => new WebService(_sources, Options.Create(new DaemonOptions { Web = new WebOptions { Listen = "http://127.0.0.1:0" } }), logs));
        // Registered after the dashboard, so the host stops it first, as the daemon's pipeline services are.
        builder.Services.AddHostedService(_ => laterService);
        using var host = builder.Build();
        await host.StartAsync();
        var line = Assert.Single(log.Entries, e => e.Message.StartsWith("Dashboard at ", StringComparison.Ordinal)).Message;
        var url = System.Text.RegularExpressions.Regex.Match(line, @"^Dashboard at (http://127\.0\.0\.1:\d+)/ ").Groups[1].Value;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var streams = Enumerable.Range(0, 5).Select(_ => ReadToEnd(http, url + "/api/live")).ToList();
        while (_sources.Live.Clients < streams.Count)
        {
            await Task.Delay(20);
        }

        var stop = host.StopAsync();
        try
        {
            // The later service still holds the stop: only the stopping phase can have ended the streams.
            await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, _sources.Live.Clients);
            Assert.False(stop.IsCompleted);
        }
        finally
        {
            laterService.Release();
            await stop;
        }
    }

    private static async Task ReadToEnd(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
    }

    /// <summary>A hosted service whose stop lasts until the test releases it.</summary>
    private sealed class HeldStop : IHostedService
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => _released.Task;
    }

    private sealed class OneLogger(RecordingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
