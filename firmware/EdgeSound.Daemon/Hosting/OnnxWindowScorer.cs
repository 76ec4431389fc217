using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Hosting;

/// <summary>The shipped classifier (<see cref="SoundClassifier"/>, ONNX Runtime) as the pipeline's window scorer.</summary>
public sealed class OnnxWindowScorer(SoundClassifier classifier) : IWindowScorer, IDisposable
{
    public SoundClassifier Classifier => classifier;
    public IReadOnlyList<string> Labels => classifier.Labels;
    public FrontendConfig Frontend => classifier.Frontend;
    public int WindowFrames => classifier.Plan.WindowFrames;
    public int Bands => classifier.Bands;
    public IReadOnlyDictionary<string, double> ClassThresholds => classifier.ClassThresholds;
    public OpenSetRule? OpenSet => classifier.OpenSet;

    public void Score(ReadOnlySpan<sbyte> window, Span<float> scores) => classifier.Score(window, scores);

    public void Dispose() => classifier.Dispose();
}
