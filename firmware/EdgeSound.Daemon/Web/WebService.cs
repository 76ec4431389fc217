using EdgeSound.Daemon.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// Serves the dashboard (<see cref="DashboardRoutes"/>) with Kestrel at <c>web:listen</c> when it is set. The
/// configuration check has already refused a listen address beyond loopback without <c>web:token</c>. An address
/// that cannot be bound is logged and the daemon listens on without the dashboard. The endless <c>/api/live</c>
/// streams end as the host begins to stop (<see cref="StoppingAsync"/>, before any service stops), not when the host
/// reaches this service: Kestrel waits for open responses, and the services stopped before it would eat the stop's time.
/// </summary>
public sealed class WebService(DashboardSources sources, IOptions<DaemonOptions> options, ILoggerFactory loggers) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ILogger _log = loggers.CreateLogger<WebService>();
    private IDisposable? _levels;
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var web = options.Value.Web;
        if (web.Listen.Length == 0 || !WebListen.TryParse(web.Listen, out var listen))
        {
            return;
        }

        var app = DaemonWebHost.Create(listen.Url, loggers);
        DashboardRoutes.Map(app, sources, new BearerToken(web.Token));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            _log.LogError("Cannot serve the dashboard on {Listen} ({Reason}): running without it", listen.Url, e.Message);
            return;
        }

        _app = app;
        _levels = sources.History.Live.Subscribe(sources.Live);
        // Port 0 asks the system for a free port: the bound address is the one a browser needs.
        var bound = app.Urls.FirstOrDefault() ?? listen.Url;
        _log.LogInformation("Dashboard at {Url}/ ({Access})", bound.TrimEnd('/'), web.Token.Length > 0 ? "token required" : "no token, loopback only");
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Ends every live stream at once, as the host begins to stop.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        sources.Live.OnCompleted();
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _levels?.Dispose();
        sources.Live.OnCompleted();
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
