using EdgeSound.Daemon.Hosting;
using Iot.Device.Button;

namespace EdgeSound.Daemon.Gpio;

/// <summary>
/// The mute button's two gestures, on a .NET IoT button (<see cref="GpioButton"/> on the device: debounced, pulled
/// up, to ground). Press (release before the hold time): mutes the local cues (LED blink, buzzer) for the mute time,
/// or unmutes them when already muted. Hold (pressed for the hold time): a self-test of the cues (LED blink and the
/// buzzer's test pattern, played even while muted), to check the wiring. Alerts to MQTT are never muted.
/// </summary>
public sealed class MuteButton : IDisposable
{
    private readonly ButtonBase _button;
    private readonly DaemonStats _stats;
    private readonly TimeSpan _muteFor;
    private readonly Action _selfTest;
    private volatile bool _held;

    /// <param name="button">A button with holding enabled by this constructor.</param>
    /// <param name="stats">Where the mute state lives (read by the cue player).</param>
    /// <param name="muteFor">How long a press mutes (<c>gpio:mute_s</c>).</param>
    /// <param name="selfTest">Run when the button is held.</param>
    public MuteButton(ButtonBase button, DaemonStats stats, TimeSpan muteFor, Action selfTest)
    {
        _button = button;
        _stats = stats;
        _muteFor = muteFor;
        _selfTest = selfTest;
        _button.IsHoldingEnabled = true;
        _button.Press += OnPress;
        _button.Holding += OnHolding;
    }

    /// <summary>Raised after a press changed the mute state: true muted, false unmuted.</summary>
    public event Action<bool>? MuteChanged;

    public void Dispose()
    {
        _button.Press -= OnPress;
        _button.Holding -= OnHolding;
        _button.Dispose();
    }

    private void OnPress(object? sender, EventArgs e)
    {
        if (_held)
        {
            _held = false;
            return;
        }

        var mute = !_stats.Muted;
        _stats.MuteFor(mute ? _muteFor : TimeSpan.Zero);
        MuteChanged?.Invoke(mute);
    }

    private void OnHolding(object? sender, ButtonHoldingEventArgs e)
    {
        if (e.HoldingState == ButtonHoldingState.Started)
        {
            _held = true;
            _selfTest();
        }
    }
}
