using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Takes the history entries (minutes of levels and occupancy, events) off the <see cref="HistoryQueue"/>: stores each
/// in the <see cref="LevelStore"/>, publishes each minute's levels to Home Assistant's LAeq sensor (when a broker is
/// configured) and updates the level and occupancy metrics. On stop it stores what is still queued.
/// </summary>
public sealed class SoundscapeService(
    HistoryQueue queue, LevelStore store, DaemonMetrics metrics, DaemonRuntime runtime, ILogger<SoundscapeService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var reader = queue.Channel.Reader;
        try
        {
            await foreach (var entry in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Handle(entry);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (reader.TryRead(out var entry))
            {
                Handle(entry);
            }
        }
    }

    private void Handle(HistoryEntry entry)
    {
        store.Write(entry);
        switch (entry)
        {
            case LevelsEntry { Levels: var m }:
                log.LogDebug("Minute {Start:HH:mm} ({Seconds:0} s): LAeq {LAeq:0.0} LAFmax {LAFmax:0.0} L10 {L10:0.0} L50 {L50:0.0} L90 {L90:0.0} dBFS",
                    m.Start, m.Seconds, m.LAeq, m.LAFmax, m.L10, m.L50, m.L90);
                metrics.ObserveMinute(m);
                runtime.Link?.ReportMinute(m);
                break;
            case OccupancyEntry { Occupancy: var o }:
                metrics.ObserveOccupancy(o, runtime.Rules.Labels);
                break;
        }
    }
}
