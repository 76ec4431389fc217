namespace EdgeSound.Dsp.Tests.FrontendTests;

/// <summary>Int16 test signals made in code (16 kHz unless stated), deterministic for a given seed.</summary>
internal static class TestSignals
{
    public const int Rate = 16000;

    public static short[] Silence(int samples) => new short[samples];

    public static short[] Tone(double hz, double amplitude, int samples, double phase = 0.3) =>
        Make(samples, n => amplitude * Math.Sin((2 * Math.PI * hz * n / Rate) + phase));

    public static short[] Chirp(double fromHz, double toHz, int samples, double amplitude) =>
        Make(samples, n =>
        {
            double t = (double)n / Rate;
            double duration = (double)samples / Rate;
            double phase = 2 * Math.PI * ((fromHz * t) + ((toHz - fromHz) * t * t / (2 * duration)));
            return amplitude * Math.Sin(phase);
        });

    public static short[] LogChirp(double fromHz, double toHz, int samples, double amplitude)
    {
        double duration = (double)samples / Rate;
        double k = Math.Log(toHz / fromHz) / duration;
        return Make(samples, n =>
        {
            double t = (double)n / Rate;
            return amplitude * Math.Sin(2 * Math.PI * fromHz * (Math.Exp(k * t) - 1) / k);
        });
    }

    public static short[] WhiteNoise(int samples, double amplitude, int seed)
    {
        var random = new Random(seed);
        return Make(samples, _ => amplitude * ((2 * random.NextDouble()) - 1));
    }

    /// <summary>Full-scale uniform noise over the whole int16 range.</summary>
    public static short[] FullScaleNoise(int samples, int seed)
    {
        var random = new Random(seed);
        var x = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            x[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        return x;
    }

    /// <summary>Pink-ish noise: the sum of 8 octave-spaced random step sequences (Voss-McCartney).</summary>
    public static short[] PinkNoise(int samples, double amplitude, int seed)
    {
        var random = new Random(seed);
        var rows = new double[8];
        return Make(samples, n =>
        {
            for (int r = 0; r < rows.Length; r++)
            {
                if (n % (1 << r) == 0)
                {
                    rows[r] = (2 * random.NextDouble()) - 1;
                }
            }

            double sum = 0;
            foreach (double v in rows)
            {
                sum += v;
            }

            return amplitude * sum / rows.Length;
        });
    }

    public static short[] Square(double hz, int samples, short high = short.MaxValue, short low = short.MinValue)
    {
        var x = new short[samples];
        for (int n = 0; n < samples; n++)
        {
            x[n] = (n * hz / Rate) % 1.0 < 0.5 ? high : low;
        }

        return x;
    }

    public static short[] Alternating(int samples)
    {
        var x = new short[samples];
        for (int n = 0; n < samples; n++)
        {
            x[n] = n % 2 == 0 ? short.MaxValue : short.MinValue;
        }

        return x;
    }

    private static short[] Make(int samples, Func<int, double> f)
    {
        var x = new short[samples];
        for (int n = 0; n < samples; n++)
        {
            x[n] = (short)Math.Clamp(Math.Round(f(n)), short.MinValue, short.MaxValue);
        }

        return x;
    }
}
