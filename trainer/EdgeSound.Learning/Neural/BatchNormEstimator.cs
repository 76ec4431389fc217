namespace EdgeSound.Learning.Neural;

/// <summary>
/// Gives the identity batch norms of a model read from an int8 file (<see cref="CnnOnnxImporter"/>) real statistics,
/// so that fine-tuning every layer (training-mode batch norm) starts from the same function. For each convolution and
/// channel, with u the convolution's output (no bias) over the given windows, mean m and variance v: running mean m,
/// running variance v, gamma sqrt(v + eps), beta += m. Inference then computes u - m + m + beta = u + beta as before,
/// and a training batch normalised by its own statistics computes about the same.
/// </summary>
public static class BatchNormEstimator
{
    /// <param name="windows">count float windows (int8 values times the input scale), as for calibration.</param>
    public static void Estimate(CnnModel model, float[] windows, int count, Workers workers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        int size = model.Architecture.InputShape.Size;
        if (count < 1 || windows.Length < count * size)
        {
            throw new ArgumentException($"Batch-norm estimation needs at least one window; got {count} windows in {windows.Length} values.", nameof(windows));
        }

        int units = model.Units.Count;
        var sums = new double[units][];
        var squares = new double[units][];
        long[] rows = new long[units];
        for (int b = 0; b < units; b++)
        {
            sums[b] = new double[model.Units[b].Conv.OutputShape.Channels];
            squares[b] = new double[sums[b].Length];
        }

        for (int first = 0; first < count; first += ClipEvaluator.Batch)
        {
            int n = Math.Min(ClipEvaluator.Batch, count - first);
            float[] x = windows.AsSpan(first * size, n * size).ToArray();
            for (int b = 0; b < units; b++)
            {
                ConvUnit unit = model.Units[b];
                int c = unit.Conv.OutputShape.Channels;
                var u = new float[n * unit.Conv.OutputShape.Size];
                unit.Conv.Forward(x, u, n, training: false, workers);
                for (int i = 0; i < u.Length; i++)
                {
                    sums[b][i % c] += u[i];
                    squares[b][i % c] += (double)u[i] * u[i];
                }

                rows[b] += u.Length / c;
                var y = new float[u.Length];
                unit.Norm.Forward(u, y, n, training: false, workers);
                unit.Activation.Forward(y, y, n, training: false, workers);
                if (unit.Pool is { } pool)
                {
                    var p = new float[n * pool.OutputShape.Size];
                    pool.Forward(y, p, n, training: false, workers);
                    y = p;
                }

                x = y;
            }
        }

        for (int b = 0; b < units; b++)
        {
            BatchNorm2D norm = model.Units[b].Norm;
            for (int ch = 0; ch < sums[b].Length; ch++)
            {
                double mean = sums[b][ch] / rows[b];
                double variance = Math.Max(squares[b][ch] / rows[b] - mean * mean, 0);
                float scale = norm.Gamma.Value[ch] / MathF.Sqrt(norm.RunningVariance[ch] + BatchNorm2D.Epsilon);
                float shift = norm.Beta.Value[ch] - norm.RunningMean[ch] * scale;
                norm.RunningMean[ch] = (float)mean;
                norm.RunningVariance[ch] = (float)variance;
                norm.Gamma.Value[ch] = scale * MathF.Sqrt((float)variance + BatchNorm2D.Epsilon);
                norm.Beta.Value[ch] = shift + (float)mean * scale;
            }
        }
    }
}
