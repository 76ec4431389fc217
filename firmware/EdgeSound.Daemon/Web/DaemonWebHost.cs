using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// A Kestrel host beside the daemon (the dashboard, the metrics listener) at <paramref name="url"/>: Kestrel's own
/// lines go to the daemon's log; the web host's are left out, as a port in use would come as "Hosting failed to
/// start" and the whole exception before the one line the caller logs.
/// </summary>
public static class DaemonWebHost
{
    /// <summary>The logger category of the generic host (<c>Microsoft.Extensions.Hosting.Internal.Host</c>).</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static WebApplication Create(string url, ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new DaemonLog(loggers));
        builder.Logging.AddFilter(HostCategory, LogLevel.None);
        builder.WebHost.UseUrls(url);
        return builder.Build();
    }

    /// <summary>The daemon's loggers as a provider of the web host's logging, so its filters apply.</summary>
    private sealed class DaemonLog(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
