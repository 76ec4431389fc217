namespace EdgeSound.Learning.Neural;

/// <summary>Something that turns a batch of input windows into class probabilities: the float CNN or its int8 simulation.</summary>
public interface IWindowScorer
{
    CnnArchitecture Architecture { get; }

    /// <summary>
    /// <paramref name="input"/> holds <paramref name="batch"/> windows of int8 frame values times
    /// <see cref="CnnArchitecture.InputScale"/>; writes batch × Classes softmax probabilities.
    /// </summary>
    void Score(float[] input, int batch, Span<float> probabilities, Workers workers);
}
