using System.Diagnostics;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Monitoring;

/// <summary>A window scorer that reports each call's duration (seconds) to <paramref name="observe"/>; otherwise the inner scorer.</summary>
public sealed class TimedScorer(IWindowScorer inner, Action<double> observe) : IWindowScorer
{
    public IReadOnlyList<string> Labels => inner.Labels;
    public FrontendConfig Frontend => inner.Frontend;
    public int WindowFrames => inner.WindowFrames;
    public int Bands => inner.Bands;
    public IReadOnlyDictionary<string, double> ClassThresholds => inner.ClassThresholds;
    public OpenSetRule? OpenSet => inner.OpenSet;

    public void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
    {
        var start = Stopwatch.GetTimestamp();
        inner.Score(window, scores);
        observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
