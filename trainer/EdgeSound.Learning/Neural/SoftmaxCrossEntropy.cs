namespace EdgeSound.Learning.Neural;

/// <summary>
/// Softmax over logits with cross-entropy against target distributions (one-hot, or mixed for mixup).
/// The loss is the batch mean, so the logit gradient is (softmax - target) / N.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Writes softmax probabilities of each row of <paramref name="logits"/> into <paramref name="probabilities"/>.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities, int classes)
    {
        for (int r = 0; r < logits.Length; r += classes)
        {
            ReadOnlySpan<float> z = logits.Slice(r, classes);
            Span<float> p = probabilities.Slice(r, classes);
            float max = float.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                max = MathF.Max(max, z[c]);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                p[c] = MathF.Exp(z[c] - max);
                sum += p[c];
            }

            float inv = (float)(1.0 / sum);
            for (int c = 0; c < classes; c++)
            {
                p[c] *= inv;
            }
        }
    }

    /// <summary>Mean loss over the batch; writes d(loss)/d(logits) into <paramref name="gradient"/>.</summary>
    public static double LossAndGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int classes)
    {
        int count = batch * classes;
        Softmax(logits[..count], gradient[..count], classes);
        double loss = 0;
        float invBatch = 1f / batch;
        for (int i = 0; i < count; i++)
        {
            if (targets[i] > 0)
            {
                loss -= targets[i] * Math.Log(Math.Max(gradient[i], 1e-30f));
            }

            gradient[i] = (gradient[i] - targets[i]) * invBatch;
        }

        return loss / batch;
    }
}
