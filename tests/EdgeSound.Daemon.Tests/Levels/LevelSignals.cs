namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>Test signals for the level meter: tones at a stated RMS level in dBFS (full scale = 1.0 mean square).</summary>
internal static class LevelSignals
{
    /// <summary>A sine of <paramref name="hz"/> whose RMS is <paramref name="dbfs"/> (amplitude sqrt(2) * 10^(dbfs/20)), int16 at 16 kHz.</summary>
    public static short[] Tone(double hz, double dbfs, double seconds, double phase = 0)
    {
        var amplitude = Math.Sqrt(2) * Math.Pow(10, dbfs / 20) * 32768;
        var x = new short[(int)Math.Round(seconds * 16000)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (short)Math.Round(amplitude * Math.Sin((2 * Math.PI * hz * i / 16000) + phase));
        }

        return x;
    }

    public static short[] ToPcm(ReadOnlySpan<float> x)
    {
        var pcm = new short[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(Math.Round(x[i] * 32768.0), short.MinValue, short.MaxValue);
        }

        return pcm;
    }
}
