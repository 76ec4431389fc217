namespace EdgeSound.Learning.Neural;

/// <summary>
/// One stage of the network working on a whole mini-batch of channels-last feature maps.
/// Forward reads <c>batch * InputShape.Size</c> values and writes <c>batch * OutputShape.Size</c>.
/// Backward receives the forward input and output again plus the gradient of the loss with respect to the
/// output; it overwrites the gradients of its parameters and, when <c>inputGradient</c> is not null, writes the
/// gradient with respect to its input.
/// </summary>
public abstract class Layer
{
    protected Layer(FeatureShape inputShape, FeatureShape outputShape)
    {
        InputShape = inputShape;
        OutputShape = outputShape;
    }

    public FeatureShape InputShape { get; }

    public FeatureShape OutputShape { get; }

    public virtual IReadOnlyList<Parameter> Parameters => [];

    public abstract void Forward(float[] input, float[] output, int batch, bool training, Workers workers);

    public abstract void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers);

    /// <summary>
    /// Per-worker buffers of at least <paramref name="length"/> values, kept between calls. Call before the parallel
    /// section; each worker then uses its own entry.
    /// </summary>
    protected static float[][] WorkerBuffers(ref float[][]? pool, int workerCount, int length)
    {
        if (pool is null || pool.Length < workerCount)
        {
            pool = new float[workerCount][];
        }

        for (int i = 0; i < pool.Length; i++)
        {
            if (pool[i] is null || pool[i].Length < length)
            {
                pool[i] = new float[length];
            }
        }

        return pool;
    }
}
