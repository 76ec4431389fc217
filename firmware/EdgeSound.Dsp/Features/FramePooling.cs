namespace EdgeSound.Dsp.Features;

/// <summary>Pools frame features over a clip: the mean and the population standard deviation of each column.</summary>
public static class FramePooling
{
    /// <summary>
    /// For columns [<paramref name="firstColumn"/>, firstColumn + mean.Length) of the first <paramref name="count"/>
    /// frames, writes each column's mean into <paramref name="mean"/> and its standard deviation into
    /// <paramref name="std"/> (same length). Sums run in double.
    /// </summary>
    public static void MeanAndStd(IList<float[]> frames, int count, int firstColumn, Span<float> mean, Span<float> std)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (std.Length != mean.Length)
        {
            throw new ArgumentException($"std holds {std.Length} values, mean {mean.Length}", nameof(std));
        }

        for (int c = 0; c < mean.Length; c++)
        {
            int column = firstColumn + c;
            double sum = 0;
            for (int t = 0; t < count; t++)
            {
                sum += frames[t][column];
            }

            double average = sum / count;
            double squares = 0;
            for (int t = 0; t < count; t++)
            {
                double deviation = frames[t][column] - average;
                squares += deviation * deviation;
            }

            mean[c] = (float)average;
            std[c] = (float)Math.Sqrt(squares / count);
        }
    }
}
