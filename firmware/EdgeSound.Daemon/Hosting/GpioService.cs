using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Native.Gpiod;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Status LED (on while running, off for <c>gpio:blink_ms</c> on each event) and an optional mute button (falling
/// edge, pulled up) that mutes local cues (the LED blink) for <c>gpio:mute_s</c>; alerts to MQTT are never muted.
/// No GPIO chip (a workstation, a container) is a warning and the daemon runs on.
/// </summary>
public sealed class GpioService(DaemonRuntime runtime, IOptions<DaemonOptions> options, ILogger<GpioService> log) : BackgroundService
{
    private readonly SemaphoreSlim _blinks = new(0, 64);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Gpio;
        if (o.Chip.Length == 0 || (o.LedLine < 0 && o.ButtonLine < 0))
        {
            return;
        }

        GpioChip chip;
        try
        {
            chip = GpioChip.Open(o.Chip);
        }
        catch (GpiodException e)
        {
            log.LogWarning("GPIO disabled: {Reason}", e.Message);
            return;
        }

        using (chip)
        {
            GpioOutputLine? led = null;
            GpioInputLine? button = null;
            try
            {
                if (o.LedLine >= 0)
                {
                    led = chip.RequestOutput(o.LedLine, initialValue: true, activeLow: o.LedActiveLow);
                }

                if (o.ButtonLine >= 0)
                {
                    button = chip.RequestEdgeEvents(o.ButtonLine, GpioEdge.Falling, GpioBias.PullUp);
                }
            }
            catch (GpiodException e)
            {
                log.LogWarning("GPIO line unavailable, running without it: {Reason}", e.Message);
            }

            log.LogInformation("GPIO on {Chip}: LED line {Led}, button line {Button}", o.Chip, led?.Offset ?? -1, button?.Offset ?? -1);
            void OnAlert(DetectedEvent e)
            {
                if (led is not null && !runtime.Stats.Muted && _blinks.CurrentCount < 32)
                {
                    _blinks.Release();
                }
            }

            runtime.Alerted += OnAlert;
            var buttonTask = button is null ? Task.CompletedTask : Task.Factory.StartNew(() => WatchButton(button, o, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _blinks.WaitAsync(stoppingToken).ConfigureAwait(false);
                    led?.SetValue(false);
                    await Task.Delay(o.BlinkMs, stoppingToken).ConfigureAwait(false);
                    led?.SetValue(true);
                    await Task.Delay(o.BlinkMs, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                runtime.Alerted -= OnAlert;
                await buttonTask.ConfigureAwait(false);
                led?.SetValue(false);
                led?.Dispose();
                button?.Dispose();
            }
        }
    }

    public override void Dispose()
    {
        _blinks.Dispose();
        base.Dispose();
    }

    private void WatchButton(GpioInputLine button, GpioOptions o, CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (button.WaitForEdge(TimeSpan.FromMilliseconds(200)))
                {
                    button.ReadEdge();
                    runtime.Stats.MuteFor(TimeSpan.FromSeconds(o.MuteSeconds));
                    log.LogInformation("Mute button pressed: local cues muted for {Seconds:0} s", o.MuteSeconds);
                }
            }
        }
        catch (GpiodException e)
        {
            log.LogWarning("GPIO button stopped: {Reason}", e.Message);
        }
    }
}
