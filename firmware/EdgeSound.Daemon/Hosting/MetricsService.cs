using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Serves the <see cref="DaemonMetrics"/> at <c>http://HOST:PORT/metrics</c> when <c>metrics:listen</c> is set, with
/// Kestrel and the dashboard's own <see cref="MetricsEndpoint"/>; any other path or method gets one plain-text line
/// naming them (<see cref="UnroutedRequests"/>), as on the dashboard. Not prometheus-net's <c>MetricServer</c>: its
/// HttpListener answers other paths, and a POST without a body, with HTML error pages before any code of ours runs.
/// A port that cannot be bound is logged and the daemon listens on without metrics.
/// </summary>
public sealed class MetricsService(DaemonMetrics metrics, IOptions<DaemonOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _log = loggers.CreateLogger<MetricsService>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var listen = options.Value.Metrics.Listen;
        if (listen.Length == 0 || !MetricsListen.TryParse(listen, out var endpoint))
        {
            return;
        }

        var app = DaemonWebHost.Create($"http://{endpoint.Host}:{endpoint.Port}", loggers);
        UnroutedRequests.Answer(app);
        MetricsEndpoint.Map(app, metrics.Registry);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            _log.LogError("Cannot serve metrics on {Listen} ({Reason}): running without the metrics endpoint", listen, e.Message);
            return;
        }

        _app = app;
        _log.LogInformation("Prometheus metrics at http://{Host}:{Port}/metrics", endpoint.Host, endpoint.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
