namespace EdgeSound.Learning.Soundscapes;

/// <summary>Coloured noise for soundscape backgrounds, normalised to a target RMS level.</summary>
public static class NoiseGenerator
{
    /// <summary>White, pink (-3 dB/octave, Paul Kellet's filter) or brown (-6 dB/octave, leaky integrator) noise at <paramref name="rmsDbfs"/>.</summary>
    public static float[] Generate(string colour, int samples, double rmsDbfs, Random rng)
    {
        var x = new float[samples];
        switch (colour)
        {
            case "white":
                for (var i = 0; i < samples; i++)
                {
                    x[i] = Gaussian(rng);
                }

                break;
            case "pink":
                {
                    double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
                    for (var i = 0; i < samples; i++)
                    {
                        double w = Gaussian(rng);
                        b0 = (0.99886 * b0) + (w * 0.0555179);
                        b1 = (0.99332 * b1) + (w * 0.0750759);
                        b2 = (0.96900 * b2) + (w * 0.1538520);
                        b3 = (0.86650 * b3) + (w * 0.3104856);
                        b4 = (0.55000 * b4) + (w * 0.5329522);
                        b5 = (-0.7616 * b5) - (w * 0.0168980);
                        x[i] = (float)(b0 + b1 + b2 + b3 + b4 + b5 + b6 + (w * 0.5362));
                        b6 = w * 0.115926;
                    }

                    break;
                }

            case "brown":
                {
                    double y = 0;
                    for (var i = 0; i < samples; i++)
                    {
                        y = (0.998 * y) + (0.05 * Gaussian(rng));
                        x[i] = (float)y;
                    }

                    break;
                }

            default:
                throw new ArgumentException($"unknown noise colour '{colour}' (white, pink or brown)", nameof(colour));
        }

        ScaleToRms(x, rmsDbfs);
        return x;
    }

    /// <summary>Scales <paramref name="x"/> in place so its RMS is <paramref name="rmsDbfs"/> (full scale 1.0).</summary>
    public static void ScaleToRms(Span<float> x, double rmsDbfs)
    {
        var rms = Rms(x);
        if (rms <= 0)
        {
            return;
        }

        var gain = (float)(Math.Pow(10, rmsDbfs / 20) / rms);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= gain;
        }
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v * (double)v;
        }

        return x.Length == 0 ? 0 : Math.Sqrt(s / x.Length);
    }

    private static float Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
