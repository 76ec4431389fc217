using EdgeSound.Daemon.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Hosting;

/// <summary>Runs the MQTT link (when a broker is configured) and sends a sound-level report every <c>mqtt:level_interval_s</c>.</summary>
public sealed class MqttService(DaemonRuntime runtime, IOptions<DaemonOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime.Link is not { } link)
        {
            return;
        }

        link.Start();
        var interval = options.Value.Mqtt.LevelIntervalSeconds;
        if (interval <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                link.ReportLevel(runtime.Stats.TakePeakDbfs());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        runtime.Link?.Stop(TimeSpan.FromSeconds(1.5));
    }
}
