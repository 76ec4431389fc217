using System.Device.Pwm;
using EdgeSound.Daemon.Configuration;
using Iot.Device.Buzzer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Gpio;

/// <summary>
/// The one piezo buzzer (<c>gpio:buzzer_pwm_chip</c>, <c>gpio:buzzer_pwm_channel</c>) that the GPIO service (alert
/// beeps, self-test) and the cue service (<c>cues:output buzzer|both</c>) share. The PWM channel is opened on first use
/// (400 Hz, 50% duty, stopped); no channel configured gives null, and a channel that cannot be opened is one warning and
/// null from then on.
/// </summary>
public sealed class SharedBuzzer(IOptions<DaemonOptions> options, ILogger<SharedBuzzer> log) : IDisposable
{
    private readonly Lock _open = new();
    private BuzzerPlayer? _player;
    private bool _tried;

    /// <summary>The buzzer's player, or null when none is configured or its PWM channel is unavailable.</summary>
    public BuzzerPlayer? Player
    {
        get
        {
            lock (_open)
            {
                if (!_tried)
                {
                    _tried = true;
                    _player = Open(options.Value.Gpio);
                }

                return _player;
            }
        }
    }

    public void Dispose() => _player?.Dispose();

    private BuzzerPlayer? Open(GpioOptions o)
    {
        if (o.BuzzerPwmChip < 0)
        {
            return null;
        }

        try
        {
            return new BuzzerPlayer(new Buzzer(PwmChannel.Create(o.BuzzerPwmChip, o.BuzzerPwmChannel, 400, 0.5)));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Buzzer disabled: PWM chip {Chip} channel {Channel} unavailable: {Reason}", o.BuzzerPwmChip, o.BuzzerPwmChannel, e.Message);
            return null;
        }
    }
}
