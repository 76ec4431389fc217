namespace EdgeSound.Daemon.Detection;

/// <summary>
/// Turns a stream of per-window class scores into events. Per label: scores averaged over the last
/// <c>SmoothingWindows</c> windows; an event opens when the smoothed score reaches the onset threshold (outside
/// that label's cooldown; with <c>TopLabelOnly</c> only for the label whose smoothed score is the window's highest), lasts while it stays at or above the lower offset threshold, and is reported when it
/// ends (or reaches the maximum duration) if it lasted the minimum duration and its start is outside the label's
/// quiet hours. Windows below the level gate are pushed as <see cref="PushGated"/> (scores taken as zero).
/// With <c>detection:report_at: onset</c> the event is reported as soon as it has lasted the minimum duration (its
/// <c>end_s</c> is then the end of that window and the rest of the sound raises nothing more): alerts come sooner.
/// The reported span undoes the smoothing lag: it starts at the earliest window of the smoothing span and ends at
/// the last window of the event whose own (raw) score reached the offset threshold.
/// </summary>
public sealed class EventDetector
{
    private readonly DetectionRules _rules;
    private readonly int _classes;
    private readonly float[] _history;   // [SmoothingWindows, classes] raw scores, ring
    private readonly double[] _historyStart;
    private readonly float[] _sum;
    private readonly float[] _smoothed;
    private readonly State[] _state;
    private readonly EventClock _clock;
    private readonly TimeZoneInfo _zone;
    private readonly UnknownDetector? _unknown;
    private double _position;
    private int _filled;
    private int _next;

    private struct State
    {
        public bool Active;
        public double Start;
        public double LastAboveEnd;
        public double LastRawAboveEnd;
        public double Sustained;
        public bool Reported;
        public float Peak;
        public double PeakLevelDbfs;
        public double CooldownUntil;
    }

    /// <param name="clock">Gives each event its wall-clock time (quiet hours are judged on it).</param>
    /// <param name="zone">Time zone of the quiet hours (default: the system's).</param>
    public EventDetector(DetectionRules rules, EventClock clock, TimeZoneInfo? zone = null)
    {
        _rules = rules;
        _classes = rules.Labels.Count;
        _history = new float[rules.SmoothingWindows * _classes];
        _historyStart = new double[rules.SmoothingWindows];
        _sum = new float[_classes];
        _smoothed = new float[_classes];
        _state = new State[_classes];
        for (var i = 0; i < _classes; i++)
        {
            _state[i].CooldownUntil = double.NegativeInfinity;
        }

        _clock = clock;
        _zone = zone ?? TimeZoneInfo.Local;
        _unknown = rules.Unknown is { } unknown ? new UnknownDetector(unknown, rules.MaxDurationSeconds, clock) : null;
    }

    public DetectionRules Rules => _rules;

    /// <summary>Windows pushed (scored or gated).</summary>
    public long Windows { get; private set; }

    /// <summary>Windows that were below the gate.</summary>
    public long GatedWindows { get; private set; }

    /// <summary>Called with each window's smoothed scores (one per label, model order, every label whether it may raise events or not).</summary>
    public SmoothedScoresObserver? ScoresObserver { get; set; }

    /// <summary>True when a window at <paramref name="levelDbfs"/> is below the gate and need not be classified.</summary>
    public bool IsGated(double levelDbfs) => levelDbfs < _rules.GateDbfs;

    /// <summary>
    /// Pushes the raw scores of the window [start, end) (seconds from the input start); adds finished events.
    /// <paramref name="window"/> is the model input the scores came from, read only by a kmeans open-set rule (which throws
    /// <see cref="ArgumentException"/> without it).
    /// </summary>
    public void Push(double start, double end, ReadOnlySpan<float> scores, double levelDbfs, List<DetectedEvent> events, ReadOnlySpan<sbyte> window = default)
    {
        if (scores.Length != _classes)
        {
            throw new ArgumentException($"got {scores.Length} scores, the model has {_classes} labels", nameof(scores));
        }

        Step(start, end, scores, levelDbfs, events);
        _unknown?.Push(start, end, scores, window, levelDbfs, events);
    }

    /// <summary>Pushes a window that was below the level gate: its scores count as zero.</summary>
    public void PushGated(double start, double end, double levelDbfs, List<DetectedEvent> events)
    {
        GatedWindows++;
        Step(start, end, ReadOnlySpan<float>.Empty, levelDbfs, events);
        _unknown?.PushGated(end, events);
    }

    /// <summary>At the end of the input: closes open events, reporting those that qualify.</summary>
    public void Flush(List<DetectedEvent> events)
    {
        for (var c = 0; c < _classes; c++)
        {
            if (_state[c].Active)
            {
                Close(c, double.IsNaN(_state[c].LastRawAboveEnd) ? _state[c].LastAboveEnd : _state[c].LastRawAboveEnd, events);
            }
        }

        _unknown?.Flush(events);
    }

    private void Step(double start, double end, ReadOnlySpan<float> scores, double levelDbfs, List<DetectedEvent> events)
    {
        Windows++;
        _position = end;
        var n = _rules.SmoothingWindows;
        var row = _history.AsSpan(_next * _classes, _classes);
        if (scores.IsEmpty)
        {
            row.Clear();
        }
        else
        {
            scores.CopyTo(row);
        }

        _sum.AsSpan().Clear();
        for (var r = 0; r < n; r++)
        {
            var past = _history.AsSpan(r * _classes, _classes);
            for (var c = 0; c < _classes; c++)
            {
                _sum[c] += past[c];
            }
        }

        for (var c = 0; c < _classes; c++)
        {
            _smoothed[c] = _sum[c] / n;
        }

        ScoresObserver?.Invoke(start, end, _smoothed);
        _historyStart[_next] = start;
        _next = (_next + 1) % n;
        if (_filled < n)
        {
            _filled++;
        }

        var top = _rules.TopLabelOnly ? TopLabel() : -1;
        for (var c = 0; c < _classes; c++)
        {
            var rule = _rules.Classes[c];
            if (!rule.Enabled)
            {
                continue;
            }

            var smoothed = _smoothed[c];
            ref var s = ref _state[c];
            if (!s.Active)
            {
                if (smoothed >= rule.Onset && start >= s.CooldownUntil && (top < 0 || top == c))
                {
                    s.Active = true;
                    s.Start = Math.Max(EarliestContributor(c, rule.Offset, start), s.CooldownUntil);
                    s.LastAboveEnd = end;
                    s.LastRawAboveEnd = double.NaN;
                    s.Sustained = 0;
                    s.Reported = false;
                    s.Peak = smoothed;
                    s.PeakLevelDbfs = levelDbfs;
                }
                else
                {
                    continue;
                }
            }

            if (!scores.IsEmpty && scores[c] >= rule.Offset)
            {
                s.LastRawAboveEnd = end;
            }

            if (smoothed >= rule.Offset)
            {
                s.LastAboveEnd = end;
                s.Sustained += _rules.HopSeconds;
                s.Peak = Math.Max(s.Peak, smoothed);
                s.PeakLevelDbfs = Math.Max(s.PeakLevelDbfs, levelDbfs);
                if (_rules.ReportAtOnset && !s.Reported && Qualifies(s.Sustained, rule))
                {
                    s.Reported = true;
                    Report(c, s.Start, end, events);
                }

                if (end - s.Start >= _rules.MaxDurationSeconds)
                {
                    Close(c, end, events);
                }
            }
            else
            {
                Close(c, double.IsNaN(s.LastRawAboveEnd) ? s.LastAboveEnd : s.LastRawAboveEnd, events);
            }
        }
    }

    /// <summary>The label with the highest smoothed score (the lowest index among equals).</summary>
    private int TopLabel()
    {
        var top = 0;
        for (var c = 1; c < _classes; c++)
        {
            if (_sum[c] > _sum[top])
            {
                top = c;
            }
        }

        return top;
    }

    /// <summary>Start of the oldest window in the smoothing span whose own score reached the offset threshold.</summary>
    private double EarliestContributor(int c, float offset, double current)
    {
        var n = _rules.SmoothingWindows;
        for (var age = _filled - 1; age >= 0; age--)
        {
            var slot = ((_next - 1 - age) % n + n) % n;
            if (_history[slot * _classes + c] >= offset)
            {
                return _historyStart[slot];
            }
        }

        return current;
    }

    /// <summary>Sustained time counts whole hops; the minimum is met to the nearest hop (a 0.496 s hop twice meets 1.0 s).</summary>
    private bool Qualifies(double sustained, ClassRule rule) => sustained >= rule.MinDurationSeconds - (_rules.HopSeconds / 2);

    private void Close(int c, double end, List<DetectedEvent> events)
    {
        ref var s = ref _state[c];
        s.Active = false;
        var rule = _rules.Classes[c];
        if (!Qualifies(s.Sustained, rule))
        {
            return;
        }

        s.CooldownUntil = end + rule.CooldownSeconds;
        if (!s.Reported)
        {
            Report(c, s.Start, end, events);
        }
    }

    private void Report(int c, double start, double end, List<DetectedEvent> events)
    {
        ref var s = ref _state[c];
        var time = _clock.TimeOf(start, _position);
        if (_rules.Classes[c].Quiet is { } quiet && quiet.Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, _zone).DateTime)))
        {
            return;
        }

        events.Add(new DetectedEvent(time, _rules.Labels[c], s.Peak, start, end, s.PeakLevelDbfs));
    }
}

/// <summary>Receives the smoothed scores of the window [start, end) (seconds from the input start), one per label.</summary>
public delegate void SmoothedScoresObserver(double start, double end, ReadOnlySpan<float> smoothed);
