namespace EdgeSound.Learning.Neural;

/// <summary>Rectified linear unit, y = max(x, 0); the backward pass reads the mask from the output.</summary>
public sealed class Relu(FeatureShape shape) : Layer(shape, shape)
{
    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int size = InputShape.Size;
        workers.For(batch, (_, start, end) =>
            VectorOps.Relu(input.AsSpan(start * size, (end - start) * size), output.AsSpan(start * size, (end - start) * size)));
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        if (inputGradient is null)
        {
            return;
        }

        int size = InputShape.Size;
        workers.For(batch, (_, start, end) =>
            VectorOps.ReluBackward(output.AsSpan(start * size, (end - start) * size), outputGradient.AsSpan(start * size, (end - start) * size),
                inputGradient.AsSpan(start * size, (end - start) * size)));
    }
}
