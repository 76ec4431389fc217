using System.Device.Gpio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Hosting;
using Iot.Device.Button;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Gpio;

/// <summary>
/// The local cues, through .NET IoT: a status LED (lit while running, dark for <c>gpio:blink_ms</c> on each event), a
/// piezo buzzer (<see cref="SharedBuzzer"/>: <see cref="Tone.Alert"/> on each event, except events whose label has a
/// cue that <c>cues:output buzzer|both</c> plays there through the cue service) and the mute button
/// (<see cref="MuteButton"/>: press mutes or unmutes the cues, hold plays the self-test). The libgpiod driver is
/// chosen by what the system has (<see cref="Libgpiod"/>). No libgpiod, no chip, a busy line or no PWM channel is a
/// warning and the daemon runs on without that part.
/// </summary>
public sealed class GpioService(
    DaemonStats stats,
    AlertFeed alerts,
    SharedBuzzer sharedBuzzer,
    CueLibrary cues,
    IOptions<DaemonOptions> options,
    ILogger<GpioService> log) : BackgroundService
{
    private readonly SemaphoreSlim _cues = new(0, 64);
    private volatile bool _selfTest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Gpio;
        using var controller = o.Chip.Length > 0 && (o.LedLine >= 0 || o.ButtonLine >= 0) ? OpenController(o.Chip) : null;
        using var led = controller is null || o.LedLine < 0 ? null : Try("LED", () => new StatusLed(controller, o.LedLine, o.LedActiveLow));
        using var button = controller is null || o.ButtonLine < 0 ? null : Try("mute button", () => OpenButton(controller, o));
        var buzzer = sharedBuzzer.Player;
        var c = options.Value.Cues;
        var cuesOnBuzzer = c.Enabled && c.Output != "speaker";
        if (led is null && button is null && buzzer is null)
        {
            return;
        }

        log.LogInformation("Local cues: LED line {Led}, button line {Button}, buzzer {Buzzer}",
            led?.Line ?? -1, button is null ? -1 : o.ButtonLine, buzzer is null ? "none" : $"pwmchip{o.BuzzerPwmChip} channel {o.BuzzerPwmChannel}");
        led?.Set(true);
        void OnAlert(DetectedEvent e)
        {
            if (!stats.Muted && _cues.CurrentCount < 32 && !(cuesOnBuzzer && cues.Find(e.Label) is not null))
            {
                _cues.Release();
            }
        }

        alerts.Alerted += OnAlert;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _cues.WaitAsync(stoppingToken).ConfigureAwait(false);
                var tones = _selfTest ? Tone.SelfTest : Tone.Alert;
                _selfTest = false;
                var playing = buzzer?.PlayAsync(tones, stoppingToken) ?? Task.CompletedTask;
                led?.Set(false);
                await Task.Delay(o.BlinkMs, stoppingToken).ConfigureAwait(false);
                led?.Set(true);
                await Task.Delay(o.BlinkMs, stoppingToken).ConfigureAwait(false);
                await playing.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            alerts.Alerted -= OnAlert;
        }
    }

    public override void Dispose()
    {
        _cues.Dispose();
        base.Dispose();
    }

    private GpioController? OpenController(string chip)
    {
        if (Libgpiod.Detect() is not { } generation)
        {
            log.LogWarning("GPIO disabled: libgpiod is not installed (neither {V2} nor {V1} loads; install libgpiod2 or libgpiod3)", Libgpiod.V2Library, Libgpiod.V1Library);
            return null;
        }

        try
        {
            var info = GpioChipSelector.Find(chip, Libgpiod.Chips(generation));
            var controller = Libgpiod.Open(generation, info);
            log.LogInformation("GPIO through {Driver} on {Chip} '{Label}' ({Lines} lines)", Libgpiod.Describe(generation), info.Name, info.Label, info.NumLines);
            return controller;
        }
        catch (IOException e)
        {
            log.LogWarning("GPIO disabled: {Reason} (driver: {Driver})", e.Message, Libgpiod.Describe(generation));
            return null;
        }
    }

    private MuteButton OpenButton(GpioController controller, GpioOptions o)
    {
        var gpio = new GpioButton(o.ButtonLine, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(o.HoldMs),
            isPullUp: true, hasExternalResistor: false, gpio: controller, shouldDispose: false, debounceTime: TimeSpan.FromMilliseconds(o.DebounceMs));
        var button = new MuteButton(gpio, stats, TimeSpan.FromSeconds(o.MuteSeconds), SelfTest);
        button.MuteChanged += muted =>
        {
            if (muted)
            {
                log.LogInformation("Mute button pressed: local cues muted for {Seconds:0} s", o.MuteSeconds);
            }
            else
            {
                log.LogInformation("Mute button pressed: local cues unmuted");
            }
        };
        return button;
    }

    private void SelfTest()
    {
        log.LogInformation("Mute button held: cue self-test");
        _selfTest = true;
        _cues.Release();
    }

    private T? Try<T>(string what, Func<T> open)
        where T : class
    {
        try
        {
            return open();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            log.LogWarning("GPIO {Part} unavailable, running without it: {Reason}", what, e.Message);
            return null;
        }
    }
}
