using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Daemon.Detection;

/// <summary>
/// The signal path after capture, as a chain of small stages: 16 kHz int16 PCM -> <see cref="LevelMeter"/> and
/// fixed-point <see cref="Frontend"/> -> <see cref="WindowAssembler"/> -> level gate -> <see cref="IWindowScorer"/>
/// -> <see cref="EventDetector"/>. Push PCM in, collect events. No allocation per window. Windows that overlap the
/// device's own cue (<see cref="Playback"/>) are not classified: they reach the detector as gated windows (scores
/// zero), so a cue can neither open an event nor keep one open.
/// <para>With one scorer each window is scored as soon as it is complete (live input: lowest latency). With several
/// (identical) scorers, windows are gathered into batches, scored in parallel, one scorer per thread, and handed to
/// the detector in order: the same events, sooner, for files at max speed.</para>
/// </summary>
public sealed class DetectionPipeline
{
    private readonly IWindowScorer _scorer;
    private readonly IWindowScorer[] _scorers;
    private readonly int _batch;
    private Batch _filling;
    private Batch _spare;
    private Batch? _inFlight;
    private readonly Frontend _frontend;
    private readonly LevelMeter _meter;
    private readonly WindowAssembler _assembler;
    private readonly EventDetector _detector;
    private readonly sbyte[] _frame;
    private readonly sbyte[] _window;
    private readonly float[] _scores;
    private readonly int _hopSamples;
    private readonly int _windowSamples;
    private readonly double _sampleRate;

    public DetectionPipeline(IWindowScorer scorer, DetectionRules rules, EventClock clock, TimeZoneInfo? zone = null)
        : this([scorer], rules, clock, zone)
    {
    }

    /// <param name="scorers">One scorer, or several identical ones (same model) to score batches in parallel.</param>
    public DetectionPipeline(IReadOnlyList<IWindowScorer> scorers, DetectionRules rules, EventClock clock, TimeZoneInfo? zone = null)
    {
        if (scorers.Count == 0)
        {
            throw new ArgumentException("at least one scorer is needed", nameof(scorers));
        }

        var scorer = scorers[0];
        _scorer = scorer;
        _scorers = [.. scorers];
        _batch = scorers.Count == 1 ? 1 : 16 * scorers.Count;
        var fc = scorer.Frontend;
        _frontend = new Frontend(fc);
        if (_frontend.BandCount != scorer.Bands)
        {
            throw new ArgumentException($"frontend makes {_frontend.BandCount} bands, the model takes {scorer.Bands}");
        }

        _hopSamples = fc.HopSamples;
        _windowSamples = fc.WindowSamples;
        _sampleRate = fc.SampleRate;
        HopFrames = Math.Max(1, (int)Math.Round(rules.HopSeconds * fc.SampleRate / fc.HopSamples));
        _meter = new LevelMeter(fc.HopSamples);
        _assembler = new WindowAssembler(scorer.WindowFrames, HopFrames, scorer.Bands, LogMelScale.Floor);
        _detector = new EventDetector(rules with { HopSeconds = HopFrames * fc.HopSamples / (double)fc.SampleRate }, clock, zone);
        _frame = new sbyte[scorer.Bands];
        _window = new sbyte[scorer.WindowFrames * scorer.Bands];
        _scores = new float[scorer.Labels.Count];
        _filling = new Batch(_batch > 1 ? _batch : 0, _window.Length, _scores.Length);
        _spare = new Batch(_batch > 1 ? _batch : 0, _window.Length, _scores.Length);
    }

    /// <summary>Windows waiting to be scored, or being scored on other threads, with where they go.</summary>
    private sealed class Batch(int size, int windowLength, int classes)
    {
        public sbyte[] Windows { get; } = new sbyte[size * windowLength];
        public float[] Scores { get; } = new float[size * classes];
        public double[] Start { get; } = new double[size];
        public double[] End { get; } = new double[size];
        public double[] Level { get; } = new double[size];

        /// <summary>Index into <see cref="Windows"/> of each job, or -1 for a window below the gate.</summary>
        public int[] Slot { get; } = new int[size];

        public int Jobs { get; set; }
        public int Scored { get; set; }
        public Task Scoring { get; set; } = Task.CompletedTask;
    }

    /// <summary>Frames between windows (the configured hop rounded to whole frontend frames).</summary>
    public int HopFrames { get; }

    /// <summary>Seconds covered by one analysis window.</summary>
    public double WindowSeconds => ((_scorer.WindowFrames - 1) * _hopSamples + _windowSamples) / _sampleRate;

    /// <summary>
    /// Longest delay (seconds of input) between a window's audio and its scores reaching the detector: zero with one
    /// scorer; with several, one batch filling plus one being scored.
    /// </summary>
    public double ScoringLagSeconds => _batch > 1 ? 2.0 * _batch * HopFrames * _hopSamples / _sampleRate : 0;

    public long SamplesIn { get; private set; }
    public long Windows => _detector.Windows;
    public long GatedWindows => _detector.GatedWindows;

    /// <summary>Seconds between windows (<see cref="HopFrames"/> frontend hops).</summary>
    public double HopSeconds => HopFrames * _hopSamples / _sampleRate;

    /// <summary>Called with each window's smoothed scores as the detector takes it (in window order; for occupancy).</summary>
    public SmoothedScoresObserver? SmoothedObserver
    {
        get => _detector.ScoresObserver;
        set => _detector.ScoresObserver = value;
    }

    /// <summary>Spans during which a cue plays (live input); null: no cues are heard.</summary>
    public PlaybackGate? Playback { get; init; }

    /// <summary>Windows not classified because they overlapped a playing cue.</summary>
    public long CueWindows { get; private set; }

    /// <summary>Called with each int8 log-mel frame as the frontend makes it (the live spectrogram); must return quickly.</summary>
    public FrameObserver? FrameObserver { get; set; }

    /// <summary>Called with each window's level (dBFS), for level reports.</summary>
    public Action<double>? LevelObserver { get; set; }

    /// <summary>Called with each classified window's span and raw scores, in input order (windows below the gate are not classified).</summary>
    public WindowScoresObserver? ScoresObserver { get; set; }

    /// <summary>Seconds of input processed.</summary>
    public double Position => SamplesIn / _sampleRate;

    /// <summary>Pushes 16 kHz mono PCM; finished events are added to <paramref name="events"/>.</summary>
    public void Process(ReadOnlySpan<short> pcm, List<DetectedEvent> events)
    {
        SamplesIn += pcm.Length;
        while (!pcm.IsEmpty)
        {
            var ready = _frontend.Process(pcm, _frame, out var consumed);
            _meter.Process(pcm[..consumed]);
            pcm = pcm[consumed..];
            if (!ready)
            {
                break;
            }

            FrameObserver?.Invoke(_frame);
            var index = _assembler.Frames;
            if (_assembler.Push(_frame, _meter.BlockMeanSquare(Math.Min(index, _meter.Blocks - 1))))
            {
                RunWindow(events);
            }
        }
    }

    /// <summary>End of input: a stream shorter than one window still gets one (padded) window; open events close.</summary>
    public void Finish(List<DetectedEvent> events)
    {
        if (_assembler.FlushShort())
        {
            RunWindow(events);
        }

        FlushBatch(events);
        if (_inFlight is { } last)
        {
            last.Scoring.GetAwaiter().GetResult();
            Deliver(last, events);
            _inFlight = null;
        }

        _detector.Flush(events);
    }

    private void RunWindow(List<DetectedEvent> events)
    {
        var startSample = _assembler.WindowStartFrame * _hopSamples;
        var start = startSample / _sampleRate;
        var end = (startSample + ((_scorer.WindowFrames - 1) * _hopSamples) + _windowSamples) / _sampleRate;
        var level = LevelMeter.ToDbfs(_assembler.WindowMeanSquare);
        LevelObserver?.Invoke(level);
        if (_batch > 1)
        {
            Queue(start, end, level, events);
            return;
        }

        if (Skip(start, end, level))
        {
            _detector.PushGated(start, end, level, events);
            return;
        }

        _assembler.CopyWindow(_window);
        _scorer.Score(_window, _scores);
        ScoresObserver?.Invoke(start, end, _scores);
        _detector.Push(start, end, _scores, level, events, _window);
    }

    private void Queue(double start, double end, double level, List<DetectedEvent> events)
    {
        var b = _filling;
        var job = b.Jobs++;
        b.Start[job] = start;
        b.End[job] = end;
        b.Level[job] = level;
        if (Skip(start, end, level))
        {
            b.Slot[job] = -1;
        }
        else
        {
            b.Slot[job] = b.Scored;
            _assembler.CopyWindow(b.Windows.AsSpan(b.Scored * _window.Length, _window.Length));
            b.Scored++;
        }

        if (b.Jobs == _batch)
        {
            FlushBatch(events);
        }
    }

    /// <summary>True for a window below the level gate or overlapping a playing cue (counted in <see cref="CueWindows"/>).</summary>
    private bool Skip(double start, double end, double level)
    {
        if (_detector.IsGated(level))
        {
            return true;
        }

        if (Playback is { } gate && gate.Overlaps(start, end))
        {
            CueWindows++;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Waits for the batch in flight (each scorer serves one thread at a time), starts scoring the filling batch on
    /// the scorer threads (the frontend carries on meanwhile with the next one), then hands the finished batch's
    /// windows to the detector: windows reach the detector in order.
    /// </summary>
    private void FlushBatch(List<DetectedEvent> events)
    {
        var current = _filling;
        if (current.Jobs == 0)
        {
            return;
        }

        var previous = _inFlight;
        previous?.Scoring.GetAwaiter().GetResult();
        current.Scoring = current.Scored == 0 ? Task.CompletedTask : Task.Run(() => Score(current));
        if (previous is not null)
        {
            Deliver(previous, events);
        }

        _inFlight = current;
        _filling = previous ?? _spare;
    }

    private void Score(Batch b)
    {
        var scored = b.Scored;
        var workers = Math.Min(_scorers.Length, scored);
        var windowLength = _window.Length;
        var classes = _scores.Length;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            for (var i = w; i < scored; i += workers)
            {
                _scorers[w].Score(b.Windows.AsSpan(i * windowLength, windowLength), b.Scores.AsSpan(i * classes, classes));
            }
        });
    }

    private void Deliver(Batch b, List<DetectedEvent> events)
    {
        var classes = _scores.Length;
        for (var j = 0; j < b.Jobs; j++)
        {
            var slot = b.Slot[j];
            if (slot < 0)
            {
                _detector.PushGated(b.Start[j], b.End[j], b.Level[j], events);
            }
            else
            {
                var scores = b.Scores.AsSpan(slot * classes, classes);
                ScoresObserver?.Invoke(b.Start[j], b.End[j], scores);
                _detector.Push(b.Start[j], b.End[j], scores, b.Level[j], events, b.Windows.AsSpan(slot * _window.Length, _window.Length));
            }
        }

        b.Jobs = 0;
        b.Scored = 0;
    }
}

/// <summary>Receives one classified window: its span (seconds from the input start) and one raw score per label.</summary>
public delegate void WindowScoresObserver(double startSeconds, double endSeconds, ReadOnlySpan<float> scores);
