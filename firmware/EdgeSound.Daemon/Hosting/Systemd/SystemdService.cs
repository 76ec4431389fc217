using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting.Systemd;

/// <summary>
/// systemd integration through Microsoft.Extensions.Hosting.Systemd's notifier (<c>$NOTIFY_SOCKET</c>): READY=1 once
/// every service started, STATUS every 10 s, WATCHDOG=1 by <see cref="WatchdogFeeder"/> when <c>WatchdogSec=</c>
/// applies, STOPPING=1 on stop. Without systemd (no socket) it does nothing. The package's own SystemdLifetime is
/// not used: it activates only when the parent process is systemd, and READY/STOPPING come from here either way.
/// </summary>
public sealed class SystemdService(ISystemdNotifier notifier, DaemonRuntime runtime, IHostApplicationLifetime lifetime, ILogger<SystemdService> log) : BackgroundService
{
    private static readonly TimeSpan StatusPeriod = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        TimeSpan? watchdog;
        try
        {
            watchdog = WatchdogTimeout.FromEnvironment();
        }
        catch (FormatException e)
        {
            log.LogError("systemd watchdog ignored: {Reason}", e.Message);
            watchdog = null;
        }

        await WaitStarted(stoppingToken).ConfigureAwait(false);
        notifier.Notify(ServiceState.Ready);
        if (watchdog is { } timeout)
        {
            log.LogInformation("systemd notified: ready, watchdog timeout {Timeout:0.#} s checked every {Period:0.##} s", timeout.TotalSeconds, WatchdogFeeder.Period(timeout).TotalSeconds);
        }
        else
        {
            log.LogInformation("systemd notified: ready");
        }

        var feeder = watchdog is { } t
            ? new WatchdogFeeder(notifier, runtime.Counters, runtime.Stats, log).RunAsync(t, stoppingToken)
            : Task.CompletedTask;
        using var timer = new PeriodicTimer(StatusPeriod);
        try
        {
            do
            {
                notifier.Notify(new ServiceState("STATUS=" + Status()));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await feeder.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (notifier.IsEnabled)
        {
            notifier.Notify(ServiceState.Stopping);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private string Status()
    {
        var s = runtime.Stats;
        var c = runtime.Counters;
        var mqtt = runtime.Link is { } l ? (l.IsConnected ? "mqtt up" : "mqtt DOWN") + $", {runtime.Outbox!.Count} queued" : "no mqtt";
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Events} events, {s.Windows} windows ({s.GatedWindows} gated), level {s.LevelDbfs:0} dBFS, {mqtt}, {c.Overruns} overruns, {c.DroppedChunks} dropped, {c.Reopens} reopens");
    }

    private Task WaitStarted(CancellationToken cancel)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        cancel.Register(() => started.TrySetCanceled(cancel));
        return started.Task;
    }
}
