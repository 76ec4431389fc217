using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Daemon.Detection;

/// <summary>
/// The signal path after capture, as a chain of small stages: 16 kHz int16 PCM -> <see cref="LevelMeter"/> and
/// fixed-point <see cref="Frontend"/> -> <see cref="WindowAssembler"/> -> level gate -> <see cref="IWindowScorer"/>
/// -> <see cref="EventDetector"/>. Push PCM in, collect events. Single-threaded; no allocation per window.
/// </summary>
public sealed class DetectionPipeline
{
    private readonly IWindowScorer _scorer;
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

    public DetectionPipeline(IWindowScorer scorer, DetectionRules rules, DateTimeOffset origin, TimeZoneInfo? zone = null)
    {
        _scorer = scorer;
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
        _detector = new EventDetector(rules with { HopSeconds = HopFrames * fc.HopSamples / (double)fc.SampleRate }, origin, zone);
        _frame = new sbyte[scorer.Bands];
        _window = new sbyte[scorer.WindowFrames * scorer.Bands];
        _scores = new float[scorer.Labels.Count];
    }

    /// <summary>Frames between windows (the configured hop rounded to whole frontend frames).</summary>
    public int HopFrames { get; }

    /// <summary>Seconds covered by one analysis window.</summary>
    public double WindowSeconds => ((_scorer.WindowFrames - 1) * _hopSamples + _windowSamples) / _sampleRate;

    public long SamplesIn { get; private set; }
    public long Windows => _detector.Windows;
    public long GatedWindows => _detector.GatedWindows;

    /// <summary>RMS level of the last window, dBFS.</summary>
    public double LastLevelDbfs { get; private set; } = -120;

    /// <summary>Called with each window's level (dBFS), for level reports.</summary>
    public Action<double>? LevelObserver { get; set; }

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

        _detector.Flush(events);
    }

    private void RunWindow(List<DetectedEvent> events)
    {
        var startSample = _assembler.WindowStartFrame * _hopSamples;
        var start = startSample / _sampleRate;
        var end = (startSample + ((_scorer.WindowFrames - 1) * _hopSamples) + _windowSamples) / _sampleRate;
        var level = LevelMeter.ToDbfs(_assembler.WindowMeanSquare);
        LastLevelDbfs = level;
        LevelObserver?.Invoke(level);
        if (_detector.IsGated(level))
        {
            _detector.PushGated(start, end, level, events);
            return;
        }

        _assembler.CopyWindow(_window);
        _scorer.Score(_window, _scores);
        _detector.Push(start, end, _scores, level, events);
    }
}
