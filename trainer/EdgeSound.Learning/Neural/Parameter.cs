namespace EdgeSound.Learning.Neural;

/// <summary>A trainable tensor with its gradient (same length) and whether weight decay applies to it.</summary>
public sealed class Parameter
{
    public Parameter(string name, int length, bool decay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Name = name;
        Value = new float[length];
        Gradient = new float[length];
        Decay = decay;
    }

    public string Name { get; }

    public float[] Value { get; }

    public float[] Gradient { get; }

    /// <summary>True for convolution and dense weights; false for biases and batch-norm scale/shift.</summary>
    public bool Decay { get; }
}
