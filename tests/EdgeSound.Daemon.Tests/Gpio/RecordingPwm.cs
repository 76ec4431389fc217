using System.Device.Pwm;
using System.Diagnostics;

namespace EdgeSound.Daemon.Tests.Gpio;

/// <summary>A PWM channel that records what the hardware would be told (this machine has no <c>/sys/class/pwm</c>;
/// on a Pi the same calls go to the kernel's sysfs PWM). Thread-safe.</summary>
public sealed class RecordingPwm : PwmChannel
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<PwmState> _log = [];
    private volatile bool _running;

    /// <summary>Every start and stop so far, in order.</summary>
    public List<PwmState> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public bool Running => _running;

    public override int Frequency { get; set; }

    public override double DutyCycle { get; set; }

    public override void Start()
    {
        _running = true;
        Record();
    }

    public override void Stop()
    {
        _running = false;
        Record();
    }

    private void Record()
    {
        lock (_log)
        {
            _log.Add(new(DateTime.MinValue + _clock.Elapsed, _running, Frequency));
        }
    }
}

/// <summary>One recorded change: when, running or stopped, at which frequency (Hz).</summary>
public sealed record PwmState(DateTime At, bool Running, int FrequencyHz);
