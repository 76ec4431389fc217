using System.Device.Gpio;

namespace EdgeSound.Daemon.Gpio;

/// <summary>The status LED on one GPIO line of a <see cref="GpioController"/>: lit while the daemon runs.</summary>
public sealed class StatusLed : IDisposable
{
    private readonly GpioController _controller;
    private readonly PinValue _on;
    private readonly PinValue _off;

    /// <param name="line">Line offset on the controller's chip (BCM number on a Raspberry Pi).</param>
    /// <param name="activeLow">True when the LED lights with the line low (wired to 3.3 V through its resistor).</param>
    public StatusLed(GpioController controller, int line, bool activeLow)
    {
        _controller = controller;
        Line = line;
        _on = activeLow ? PinValue.Low : PinValue.High;
        _off = activeLow ? PinValue.High : PinValue.Low;
        controller.OpenPin(line, PinMode.Output, _off);
    }

    public int Line { get; }

    public void Set(bool lit) => _controller.Write(Line, lit ? _on : _off);

    public void Dispose()
    {
        Set(false);
        _controller.ClosePin(Line);
    }
}
