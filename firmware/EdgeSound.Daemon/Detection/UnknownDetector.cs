namespace EdgeSound.Daemon.Detection;

/// <summary>
/// Turns windows that match none of the model's labels into <c>unknown</c> events (<see cref="UnknownRule"/>). A window is
/// unknown when it is at least <c>MinLevelDbfs</c> loud and the open-set rule calls it unknown; a run of
/// <c>MinWindows</c> consecutive unknown windows opens an event, the first window that is not unknown (or is gated)
/// closes it, and it is reported then, spanning the run, or when it reaches the maximum duration. Its score is one minus
/// the mean top-class score over the run (how little the model believes any label); its level is the run's loudest window.
/// No allocation per window.
/// </summary>
public sealed class UnknownDetector(UnknownRule rule, double maxDurationSeconds, EventClock clock)
{
    private int _run;
    private double _start;
    private double _end;
    private double _topSum;
    private double _peakLevel;
    private double _position;

    /// <summary>
    /// Takes a scored window [start, end) (seconds from the input start) and the model's int8 input window it was scored from
    /// (read by the kmeans method only; may be empty for the others); adds a finished event to <paramref name="events"/>.
    /// </summary>
    public void Push(double start, double end, ReadOnlySpan<float> scores, ReadOnlySpan<sbyte> window, double levelDbfs, List<DetectedEvent> events)
    {
        _position = end;
        if (levelDbfs < rule.MinLevelDbfs || !rule.OpenSet.IsUnknown(scores, window))
        {
            Close(events);
            return;
        }

        if (_run == 0)
        {
            _start = start;
            _topSum = 0;
            _peakLevel = double.NegativeInfinity;
        }

        _run++;
        _end = end;
        _topSum += Max(scores);
        _peakLevel = Math.Max(_peakLevel, levelDbfs);
        if (_run >= rule.MinWindows && end - _start >= maxDurationSeconds)
        {
            Close(events);
        }
    }

    /// <summary>A window below the level gate (not scored): it ends any run.</summary>
    public void PushGated(double end, List<DetectedEvent> events)
    {
        _position = end;
        Close(events);
    }

    /// <summary>At the end of the input: reports a run that qualifies.</summary>
    public void Flush(List<DetectedEvent> events) => Close(events);

    private void Close(List<DetectedEvent> events)
    {
        if (_run >= rule.MinWindows)
        {
            events.Add(new DetectedEvent(clock.TimeOf(_start, _position), UnknownRule.Label, 1 - (_topSum / _run), _start, _end, _peakLevel));
        }

        _run = 0;
    }

    private static float Max(ReadOnlySpan<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        return max;
    }
}
