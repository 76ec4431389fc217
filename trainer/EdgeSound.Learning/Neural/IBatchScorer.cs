namespace EdgeSound.Learning.Neural;

/// <summary>The trainer's scorer: turns a batch of input windows into class probabilities (the float CNN or its int8
/// simulation). The device scores one window at a time through ONNX Runtime instead (the daemon's <c>IWindowScorer</c>).</summary>
public interface IBatchScorer
{
    CnnArchitecture Architecture { get; }

    /// <summary>
    /// <paramref name="input"/> holds <paramref name="batch"/> windows of int8 frame values times
    /// <see cref="CnnArchitecture.InputScale"/>; writes batch × Classes softmax probabilities.
    /// </summary>
    void Score(float[] input, int batch, Span<float> probabilities, Workers workers);
}
