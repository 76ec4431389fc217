using Microsoft.Extensions.Hosting;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// While the outbox holds alerts only in memory (its journal could not be written, for example on a full disk),
/// tries every <see cref="RetryInterval"/> to write them back, so they survive a restart once space returns.
/// </summary>
public sealed class OutboxService(DaemonRuntime runtime) : BackgroundService
{
    /// <summary>How often a journal that cannot be written is tried again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime.Outbox is not { } outbox)
        {
            return;
        }

        using var timer = new PeriodicTimer(RetryInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                outbox.TryRestoreJournal();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
