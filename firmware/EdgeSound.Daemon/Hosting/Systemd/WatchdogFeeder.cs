using EdgeSound.Daemon.Audio;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting.Systemd;

/// <summary>
/// Sends <c>WATCHDOG=1</c> through the systemd notifier while <see cref="WatchdogRule"/> says the daemon is alive,
/// checking every quarter of the timeout (at most every 10 s), so one withheld ping never restarts the service but a
/// hang or a pipeline that falls behind for a whole timeout does.
/// </summary>
public sealed class WatchdogFeeder(ISystemdNotifier notifier, SourceCounters capture, DaemonStats pipeline, ILogger log)
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");
    private long _dropped = capture.DroppedChunks;

    /// <summary>Judges liveness now (counting drops since the previous check).</summary>
    public WatchdogVerdict Check(TimeSpan timeout)
    {
        var dropped = capture.DroppedChunks;
        var liveness = new Liveness(capture.HeartbeatAgeMs, capture.ReopenOverdueMs, pipeline.HeartbeatAgeMs, dropped - _dropped);
        _dropped = dropped;
        return WatchdogRule.Judge(liveness, timeout);
    }

    /// <summary>Check period for a timeout: a quarter of it, at most 10 s.</summary>
    public static TimeSpan Period(TimeSpan timeout) => TimeSpan.FromTicks(Math.Min(timeout.Ticks / 4, TimeSpan.FromSeconds(10).Ticks));

    /// <summary>Checks and pings until cancelled.</summary>
    public async Task RunAsync(TimeSpan timeout, CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(Period(timeout));
        var withholding = false;
        try
        {
            do
            {
                var verdict = Check(timeout);
                if (verdict.Feed)
                {
                    notifier.Notify(Ping);
                    if (withholding)
                    {
                        log.LogInformation("Watchdog pings resume: {Reason}", verdict.Reason);
                    }
                }
                else
                {
                    log.LogWarning("Withholding the watchdog ping: {Reason}", verdict.Reason);
                }

                withholding = !verdict.Feed;
            }
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }
}
