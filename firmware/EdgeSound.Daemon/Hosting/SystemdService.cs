using System.Globalization;
using EdgeSound.Native.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// systemd integration through <c>$NOTIFY_SOCKET</c>: READY=1 once every service started, STATUS every 10 s,
/// WATCHDOG=1 at half the <c>WatchdogSec</c> interval while capture and pipeline show life, STOPPING=1 on stop.
/// Without systemd (no socket) it does nothing.
/// </summary>
public sealed class SystemdService(DaemonRuntime runtime, IHostApplicationLifetime lifetime, ILogger<SystemdService> log) : BackgroundService
{
    private readonly SystemdNotifier _notifier = SystemdNotifier.FromEnvironment();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        await WaitStarted(stoppingToken).ConfigureAwait(false);
        _notifier.Ready();
        var watchdog = _notifier.WatchdogInterval;
        log.LogInformation("systemd notified: ready{Watchdog}", watchdog is { } w ? $", watchdog every {w.TotalSeconds / 2:0.#} s" : "");
        var tick = watchdog is { } wd ? TimeSpan.FromTicks(Math.Min(wd.Ticks / 2, TimeSpan.FromSeconds(10).Ticks)) : TimeSpan.FromSeconds(10);
        var lastStatus = DateTime.MinValue;
        using var timer = new PeriodicTimer(tick);
        try
        {
            do
            {
                if (watchdog is { } limit)
                {
                    var age = Math.Min(runtime.Counters.HeartbeatAgeMs, runtime.Stats.HeartbeatAgeMs);
                    if (age < limit.TotalMilliseconds)
                    {
                        _notifier.Watchdog();
                    }
                    else
                    {
                        log.LogWarning("No audio for {Seconds:0} s: withholding the watchdog ping", age / 1000.0);
                    }
                }

                if (DateTime.UtcNow - lastStatus >= TimeSpan.FromSeconds(10))
                {
                    _notifier.Status(Status());
                    lastStatus = DateTime.UtcNow;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_notifier.IsEnabled)
        {
            _notifier.Stopping();
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _notifier.Dispose();
        base.Dispose();
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
