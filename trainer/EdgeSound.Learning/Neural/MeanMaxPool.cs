namespace EdgeSound.Learning.Neural;

/// <summary>
/// Global pooling that keeps a short sound in a long window: per channel, the mean over the W bands of each of the H
/// frames, then the mean plus the maximum of those H frame means: (H, W, C) → (1, 1, C). A sound that fills a few
/// frames raises the maximum as much as one that fills the window, where the plain mean dilutes it. This is the head
/// of the PANNs CNN14 (Kong et al., "PANNs: Large-Scale Pretrained Audio Neural Networks for Audio Pattern
/// Recognition", IEEE/ACM TASLP 28, 2020). The gradient of the maximum goes to the frame that held it (the first,
/// when frames tie).
/// </summary>
public sealed class MeanMaxPool(FeatureShape input) : Layer(input, new FeatureShape(1, 1, input.Channels))
{
    private int[] _maxFrame = [];

    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int h = InputShape.Height, c = InputShape.Channels;
        if (_maxFrame.Length < batch * c)
        {
            _maxFrame = new int[batch * c];
        }

        workers.For(batch, (_, start, end) =>
        {
            Span<float> frameMean = stackalloc float[c];
            Span<float> best = stackalloc float[c];
            for (int n = start; n < end; n++)
            {
                Span<float> y = output.AsSpan(n * c, c);
                Span<int> at = _maxFrame.AsSpan(n * c, c);
                y.Clear();
                for (int frame = 0; frame < h; frame++)
                {
                    FrameMean(input, n, frame, frameMean);
                    for (int ch = 0; ch < c; ch++)
                    {
                        y[ch] += frameMean[ch];
                        if (frame == 0 || frameMean[ch] > best[ch])
                        {
                            best[ch] = frameMean[ch];
                            at[ch] = frame;
                        }
                    }
                }

                for (int ch = 0; ch < c; ch++)
                {
                    y[ch] = y[ch] / h + best[ch];
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

        int h = InputShape.Height, w = InputShape.Width, c = InputShape.Channels;
        float meanShare = 1f / (h * w), maxShare = 1f / w;
        workers.For(batch, (_, start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                ReadOnlySpan<float> g = outputGradient.AsSpan(n * c, c);
                ReadOnlySpan<int> at = _maxFrame.AsSpan(n * c, c);
                Span<float> dx = inputGradient.AsSpan(n * InputShape.Size, InputShape.Size);
                for (int frame = 0; frame < h; frame++)
                {
                    for (int band = 0; band < w; band++)
                    {
                        Span<float> cell = dx.Slice((frame * w + band) * c, c);
                        for (int ch = 0; ch < c; ch++)
                        {
                            cell[ch] = g[ch] * (at[ch] == frame ? meanShare + maxShare : meanShare);
                        }
                    }
                }
            }
        });
    }

    /// <summary>The mean over bands of frame <paramref name="frame"/> of sample <paramref name="n"/>, per channel.</summary>
    private void FrameMean(float[] input, int n, int frame, Span<float> mean)
    {
        int w = InputShape.Width, c = InputShape.Channels;
        mean.Clear();
        Conv2D.SumRows(input.AsSpan(n * InputShape.Size + frame * w * c, w * c), c, mean);
        float inv = 1f / w;
        for (int ch = 0; ch < c; ch++)
        {
            mean[ch] *= inv;
        }
    }
}
