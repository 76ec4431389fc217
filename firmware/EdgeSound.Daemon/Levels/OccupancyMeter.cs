using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Levels;

/// <summary>
/// Class occupancy from the event detector's smoothed scores (<see cref="EventDetector.ScoresObserver"/>): a label is
/// active from the window whose smoothed score reaches its onset threshold until the one that falls below its offset
/// threshold, the same hysteresis the detector applies, but without minimum duration, cooldown, quiet hours or
/// include/exclude (those decide alerts, not what is heard). Each window stands for one hop of time centred on the
/// window; it is counted in the wall-clock minute of that centre (on the <see cref="InputTimeline"/>, which follows
/// the clock events are stamped with). Windows arrive in order, so a minute is finished
/// when a window of a later minute arrives. No allocation per window.
/// </summary>
public sealed class OccupancyMeter
{
    private readonly DetectionRules _rules;
    private readonly InputTimeline _timeline;
    private readonly double _hopSeconds;
    private readonly bool[] _active;
    private readonly double[] _activeSeconds;
    private readonly List<MinuteOccupancy> _finished = [];
    private long _minute = long.MinValue;
    private double _observed;

    /// <param name="timeline">Wall-clock time of input positions.</param>
    /// <param name="hopSeconds">Time between windows (<see cref="DetectionPipeline.HopSeconds"/>).</param>
    public OccupancyMeter(DetectionRules rules, InputTimeline timeline, double hopSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSeconds);
        _rules = rules;
        _timeline = timeline;
        _hopSeconds = hopSeconds;
        _active = new bool[rules.Labels.Count];
        _activeSeconds = new double[rules.Labels.Count];
    }

    /// <summary>The window [start, end) (seconds from the input start) had these smoothed scores, one per label.</summary>
    public void Push(double start, double end, ReadOnlySpan<float> smoothed)
    {
        var minute = MinuteOf(_timeline.At((start + end) / 2));
        if (minute != _minute)
        {
            Close();
            _minute = minute;
        }

        _observed += _hopSeconds;
        for (var c = 0; c < _active.Length; c++)
        {
            var rule = _rules.Classes[c];
            _active[c] = _active[c] ? smoothed[c] >= rule.Offset : smoothed[c] >= rule.Onset;
            if (_active[c])
            {
                _activeSeconds[c] += _hopSeconds;
            }
        }
    }

    /// <summary>End of input: the minute in progress is finished too.</summary>
    public void Finish() => Close();

    /// <summary>Moves the finished minutes to <paramref name="minutes"/>.</summary>
    public void Drain(List<MinuteOccupancy> minutes)
    {
        minutes.AddRange(_finished);
        _finished.Clear();
    }

    private static long MinuteOf(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerMinute;

    private void Close()
    {
        if (_observed <= 0)
        {
            return;
        }

        var active = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var c = 0; c < _activeSeconds.Length; c++)
        {
            if (_activeSeconds[c] > 0)
            {
                active[_rules.Labels[c]] = _activeSeconds[c];
            }
        }

        _finished.Add(new MinuteOccupancy(new DateTimeOffset(_minute * TimeSpan.TicksPerMinute, TimeSpan.Zero), _observed, active));
        _observed = 0;
        Array.Clear(_activeSeconds);
    }
}
