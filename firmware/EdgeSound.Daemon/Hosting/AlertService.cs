using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Daemon.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The sinks: every event is logged, written to the events file (when configured), appended to the MQTT outbox
/// (when a broker is configured), queued for the history, kept among the dashboard's recent events, counted in the metrics and blinks the LED. When a file input ends it waits (bounded by
/// <c>mqtt:drain_timeout_s</c>) for the broker to acknowledge everything queued, then stops the host; alerts still
/// undelivered then make the run exit 1 (<see cref="RunOutcome.InputEnded"/>). A stop (SIGTERM) does not wait: the
/// persisted outbox keeps what is queued for the next start. No sink throws
/// on a full disk: the events file drops lines and the outbox keeps alerts in memory, each logging counts, so the
/// pipeline keeps listening.
/// </summary>
public sealed class AlertService(
    DaemonRuntime runtime,
    RunOutcome outcome,
    AlertFeed alerts,
    HistoryQueue history,
    RecentEvents recent,
    DaemonMetrics metrics,
    IOptions<DaemonOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AlertService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var o = options.Value;
        using var file = OpenEventsFile(o.Events.File);
        try
        {
            await Deliver(file, o, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            outcome.RecordLoss(file?.Dropped ?? 0);
        }
    }

    private async Task Deliver(EventLineWriter? file, DaemonOptions o, CancellationToken stoppingToken)
    {
        var reader = runtime.Events.Reader;
        try
        {
            await foreach (var e in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Handle(e, file);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Events already detected are still stored: the outbox makes them survive the stop.
            while (reader.TryRead(out var e))
            {
                Handle(e, file);
            }

            ReportStop();
            return;
        }

        // On a stop the capture service completes the channel too: only the host's stopping signal tells a stop from
        // an input that ended by itself.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            ReportStop();
            return;
        }

        outcome.MarkInputEnded();
        if (runtime.Link is { } link)
        {
            var timeout = TimeSpan.FromSeconds(o.Mqtt.DrainTimeoutSeconds);
            log.LogInformation("Input ended: waiting up to {Timeout:0} s for the broker to take {Waiting} queued alerts", timeout.TotalSeconds, runtime.Outbox!.Count);
            var delivered = await Task.Run(() => link.WaitUntilDelivered(timeout, stoppingToken), CancellationToken.None).ConfigureAwait(false);
            if (delivered)
            {
                log.LogInformation("All alerts delivered ({Delivered} this run)", link.Delivered);
            }
            else if (stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("Stopped while waiting for the broker: {Waiting} alerts not delivered; {Where}",
                    runtime.Outbox!.Count, WhereTheyWait(runtime.Outbox));
            }
            else
            {
                log.LogWarning("{Waiting} alerts not delivered within {Timeout:0} s; {Where}",
                    runtime.Outbox!.Count, timeout.TotalSeconds, WhereTheyWait(runtime.Outbox));
            }
        }

        log.LogInformation("Done: {Events} events", runtime.Stats.Events);
        lifetime.StopApplication();
    }

    /// <summary>A stop (SIGTERM) is no input end: alerts still queued are normal for a live service and wait in the
    /// persisted outbox for the next start, so the stop does not wait for the broker.</summary>
    private void ReportStop()
    {
        if (runtime.Outbox is { Count: > 0 } outbox)
        {
            log.LogInformation("Stopping: {Waiting} alerts not yet delivered; {Where}", outbox.Count, WhereTheyWait(outbox));
        }
    }

    /// <summary>Where undelivered alerts wait: in the outbox journal for the next run, or, while the journal takes no
    /// writes (a full disk), partly in memory only, which the outbox's last line at exit counts if they are lost.</summary>
    private static string WhereTheyWait(Outbox outbox) => outbox.Durable
        ? $"they stay in the outbox {outbox.Path} for the next run"
        : $"the outbox {outbox.Path} takes no writes, so those held only in memory are lost at exit unless it takes them before then";

    private EventLineWriter? OpenEventsFile(string target)
    {
        if (target.Length == 0)
        {
            return null;
        }

        try
        {
            return EventLineWriter.Open(target, log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("Events file {Path} cannot be opened ({Reason}): events go only to the log and MQTT in this run", target, e.Message);
            return null;
        }
    }

    private void Handle(DetectedEvent e, EventLineWriter? file)
    {
        runtime.Stats.AddEvent();
        log.LogInformation("Detected {Label} score {Score:0.00} at {Start:0.00}-{End:0.00} s, {Level:0.0} dBFS",
            e.Label, e.Score, e.StartSeconds, e.EndSeconds, e.LevelDbfs);
        file?.Write(e);
        runtime.Outbox?.Enqueue(EventJson.ToUtf8(e, eventType: true));
        history.Add(new EventEntry(e));
        recent.Add(e);
        metrics.CountEvent(e.Label);
        alerts.Publish(e);
    }
}
