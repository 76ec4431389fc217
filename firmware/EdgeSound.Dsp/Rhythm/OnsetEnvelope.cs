namespace EdgeSound.Dsp.Rhythm;

/// <summary>An onset-strength envelope: <paramref name="Values"/> (&gt;= 0, one per hop) at <paramref name="FramesPerSecond"/>.</summary>
public sealed record OnsetEnvelope(float[] Values, double FramesPerSecond)
{
    /// <summary>Minimum gap between two counted onsets, seconds.</summary>
    public const double MinOnsetGapSeconds = 0.05;

    /// <summary>Duration covered, seconds.</summary>
    public double Seconds => Values.Length / FramesPerSecond;

    /// <summary>
    /// Onsets per second: local maxima above mean + 1 standard deviation of the envelope and at least
    /// <see cref="MinOnsetGapSeconds"/> apart (the larger peak kept), divided by <see cref="Seconds"/>. 0 for an
    /// empty or flat envelope.
    /// </summary>
    public double OnsetRate()
    {
        if (Values.Length < 3)
        {
            return 0;
        }

        double mean = Values.Average(v => (double)v);
        double sd = Math.Sqrt(Values.Average(v => (v - mean) * (v - mean)));
        if (sd <= 0)
        {
            return 0;
        }

        double threshold = mean + sd;
        int gap = Math.Max(1, (int)Math.Round(MinOnsetGapSeconds * FramesPerSecond));
        int count = 0, last = int.MinValue / 2;
        float lastValue = 0;
        for (int t = 1; t < Values.Length - 1; t++)
        {
            float v = Values[t];
            if (v <= threshold || v < Values[t - 1] || v < Values[t + 1])
            {
                continue;
            }

            if (t - last >= gap)
            {
                count++;
                last = t;
                lastValue = v;
            }
            else if (v > lastValue)
            {
                last = t;
                lastValue = v;
            }
        }

        return count / Seconds;
    }
}
