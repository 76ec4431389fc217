using EdgeSound.Daemon.Detection;

namespace EdgeSound.Trainer.Calibration;

/// <summary>
/// The classifier's output over one long input, window by window, as the daemon's <see cref="DetectionPipeline"/>
/// produced it: each window's RMS level (dBFS) and, for windows above the level gate, its scores [windows, classes]
/// (gated windows hold zeros), and, when the model's open-set rule is kmeans (which reads the input window), each scored
/// window's int8 input [windows, window length]. <see cref="Replay"/> feeds it to an <see cref="EventDetector"/> with other rules, so
/// detector settings can be compared without scoring the audio again.
/// </summary>
public sealed class WindowTrace
{
    private readonly double[] _level;
    private readonly float[] _scores;
    private readonly sbyte[] _windows;
    private readonly int _windowLength;

    private readonly long _hopSamples;
    private readonly long _spanSamples;
    private readonly double _sampleRate;

    private WindowTrace(int classes, long hopSamples, long spanSamples, double sampleRate, double gateDbfs, double[] level, float[] scores, sbyte[] windows, int windowLength)
    {
        _windows = windows;
        _windowLength = windowLength;
        Classes = classes;
        _hopSamples = hopSamples;
        _spanSamples = spanSamples;
        _sampleRate = sampleRate;
        GateDbfs = gateDbfs;
        _level = level;
        _scores = scores;
    }

    public int Classes { get; }

    /// <summary>Seconds between window starts (the configured hop rounded to whole frontend frames).</summary>
    public double HopSeconds => _hopSamples / _sampleRate;

    /// <summary>The level gate the trace was recorded with; replays must use the same.</summary>
    public double GateDbfs { get; }

    public int Windows => _level.Length;

    /// <summary>Runs 16 kHz PCM through the daemon's pipeline with <paramref name="scorer"/> and records every window.</summary>
    public static WindowTrace Record(IWindowScorer scorer, DetectionRules rules, ReadOnlySpan<short> pcm)
    {
        var recorder = new RecordingScorer(scorer, keepWindows: scorer.OpenSet?.KMeans is not null);
        var levels = new List<double>();
        var pipeline = new DetectionPipeline(recorder, rules, EventClock.Recording(DateTimeOffset.UnixEpoch), TimeZoneInfo.Utc) { LevelObserver = levels.Add };
        var events = new List<DetectedEvent>();
        const int chunk = 16000;
        for (var i = 0; i < pcm.Length; i += chunk)
        {
            pipeline.Process(pcm.Slice(i, Math.Min(chunk, pcm.Length - i)), events);
        }

        pipeline.Finish(events);
        var classes = scorer.Labels.Count;
        var scores = new float[levels.Count * classes];
        var windowLength = recorder.Windows.Count > 0 ? scorer.WindowFrames * scorer.Bands : 0;
        var windows = new sbyte[levels.Count * windowLength];
        var next = 0;
        for (var w = 0; w < levels.Count; w++)
        {
            if (levels[w] >= rules.GateDbfs)
            {
                recorder.Scores[next].CopyTo(scores.AsSpan(w * classes, classes));
                if (windowLength > 0)
                {
                    recorder.Windows[next].CopyTo(windows.AsSpan(w * windowLength, windowLength));
                }

                next++;
            }
        }

        if (next != recorder.Scores.Count)
        {
            throw new InvalidOperationException($"{recorder.Scores.Count} windows were scored but {next} are above the gate");
        }

        var fc = scorer.Frontend;
        return new WindowTrace(classes, (long)pipeline.HopFrames * fc.HopSamples, ((long)(scorer.WindowFrames - 1) * fc.HopSamples) + fc.WindowSamples,
            fc.SampleRate, rules.GateDbfs, [.. levels], scores, windows, windowLength);
    }

    /// <summary>
    /// Feeds the recorded windows to a new <see cref="EventDetector"/> with <paramref name="rules"/> (their hop is
    /// replaced by the trace's, their gate must equal the trace's) and returns its events.
    /// </summary>
    public List<DetectedEvent> Replay(DetectionRules rules)
    {
        if (rules.GateDbfs != GateDbfs)
        {
            throw new ArgumentException($"the trace was recorded with gate {GateDbfs} dBFS, the rules have {rules.GateDbfs}", nameof(rules));
        }

        var detector = new EventDetector(rules with { HopSeconds = HopSeconds }, EventClock.Recording(DateTimeOffset.UnixEpoch), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        for (var w = 0; w < _level.Length; w++)
        {
            var startSample = w * _hopSamples;
            var start = startSample / _sampleRate;
            var end = (startSample + _spanSamples) / _sampleRate;
            if (detector.IsGated(_level[w]))
            {
                detector.PushGated(start, end, _level[w], events);
            }
            else
            {
                detector.Push(start, end, _scores.AsSpan(w * Classes, Classes), _level[w], events, _windows.AsSpan(w * _windowLength, _windowLength));
            }
        }

        detector.Flush(events);
        return events;
    }

    /// <summary>Passes windows to the real scorer and keeps a copy of each window's scores (and, if asked, of the window), in order.</summary>
    private sealed class RecordingScorer(IWindowScorer inner, bool keepWindows) : IWindowScorer
    {
        public List<float[]> Scores { get; } = [];
        public List<sbyte[]> Windows { get; } = [];
        public IReadOnlyList<string> Labels => inner.Labels;
        public EdgeSound.Dsp.Frontend.FrontendConfig Frontend => inner.Frontend;
        public int WindowFrames => inner.WindowFrames;
        public int Bands => inner.Bands;
        public IReadOnlyDictionary<string, double> ClassThresholds => inner.ClassThresholds;
        public EdgeSound.Inference.OpenSetRule? OpenSet => inner.OpenSet;

        public void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
        {
            inner.Score(window, scores);
            Scores.Add(scores.ToArray());
            if (keepWindows)
            {
                Windows.Add(window.ToArray());
            }
        }
    }
}
