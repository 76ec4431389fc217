namespace EdgeSound.Learning.Neural;

/// <summary>Mean over all pixels per channel: (H, W, C) → (1, 1, C).</summary>
public sealed class GlobalAveragePool(FeatureShape input) : Layer(input, new FeatureShape(1, 1, input.Channels))
{
    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int c = InputShape.Channels;
        float inv = 1f / InputShape.Pixels;
        workers.For(batch, (_, start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                Span<float> y = output.AsSpan(n * c, c);
                y.Clear();
                Conv2D.SumRows(input.AsSpan(n * InputShape.Size, InputShape.Size), c, y);
                for (int ch = 0; ch < c; ch++)
                {
                    y[ch] *= inv;
                }
            }
        });
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        if (inputGradient is null)
        {
            return;
        }

        int c = InputShape.Channels;
        float inv = 1f / InputShape.Pixels;
        workers.For(batch, (_, start, end) =>
        {
            Span<float> g = stackalloc float[c];
            for (int n = start; n < end; n++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    g[ch] = outputGradient[n * c + ch] * inv;
                }

                Span<float> dx = inputGradient.AsSpan(n * InputShape.Size, InputShape.Size);
                for (int p = 0; p < dx.Length; p += c)
                {
                    g.CopyTo(dx.Slice(p, c));
                }
            }
        });
    }
}
