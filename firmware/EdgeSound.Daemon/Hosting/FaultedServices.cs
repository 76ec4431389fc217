using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The background services of a stopped host whose <c>ExecuteAsync</c> ended in an exception. The host logs such a
/// fault and stops (<see cref="BackgroundServiceExceptionBehavior.StopHost"/>) but still returns normally, so the
/// daemon asks here to exit 1 instead of 0.
/// </summary>
public static class FaultedServices
{
    /// <summary>
    /// The hosted services of <paramref name="host"/>: resolve them before <c>Run</c>, which disposes the host's
    /// service provider, and pass them to <see cref="Of"/> after it.
    /// </summary>
    public static IReadOnlyList<IHostedService> Registered(IHost host) => [.. host.Services.GetServices<IHostedService>()];

    /// <summary>Type names of the faulted background services among <paramref name="services"/>, in their order.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<IHostedService> services) =>
        [.. services.OfType<BackgroundService>()
            .Where(s => s.ExecuteTask is { IsFaulted: true })
            .Select(s => s.GetType().Name)];
}
