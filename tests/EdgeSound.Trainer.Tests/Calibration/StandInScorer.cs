using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;

namespace EdgeSound.Trainer.Tests.Calibration;

/// <summary>
/// What the calibration tests' stand-in classifiers share: the default frontend, windows of 62 frames, no thresholds
/// or open-set rule of their own. A subclass names its labels and scores a window.
/// </summary>
internal abstract class StandInScorer(IReadOnlyList<string> labels) : IWindowScorer
{
    public IReadOnlyList<string> Labels { get; } = labels;
    public FrontendConfig Frontend { get; } = FrontendConfig.Default;
    public int WindowFrames => 62;
    public int Bands => Frontend.MelBands;
    public IReadOnlyDictionary<string, double> ClassThresholds { get; } = new Dictionary<string, double>();
    public OpenSetRule? OpenSet => null;

    public abstract void Score(ReadOnlySpan<sbyte> window, Span<float> scores);
}
