using System.Net;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Serves the <see cref="DaemonMetrics"/> at <c>http://HOST:PORT/metrics</c> with prometheus-net's own
/// <see cref="MetricServer"/> when <c>metrics:listen</c> is set. A port that cannot be bound is logged and the
/// daemon listens on without metrics.
/// </summary>
public sealed class MetricsService(DaemonMetrics metrics, IOptions<DaemonOptions> options, ILogger<MetricsService> log) : IHostedService
{
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listen = options.Value.Metrics.Listen;
        if (listen.Length == 0 || !MetricsListen.TryParse(listen, out var endpoint))
        {
            return Task.CompletedTask;
        }

        var server = new MetricServer(endpoint.Host, endpoint.Port, "metrics/", metrics.Registry);
        try
        {
            server.Start();
            _server = server;
            log.LogInformation("Prometheus metrics at http://{Host}:{Port}/metrics", endpoint.Host, endpoint.Port);
        }
        catch (HttpListenerException e)
        {
            server.Dispose();
            log.LogError("Cannot serve metrics on {Listen} ({Reason}): running without the metrics endpoint", listen, e.Message);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } s)
        {
            await s.StopAsync().ConfigureAwait(false);
            s.Dispose();
        }
    }
}
