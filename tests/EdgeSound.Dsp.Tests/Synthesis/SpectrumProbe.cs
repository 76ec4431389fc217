using NWaves.Transforms;

namespace EdgeSound.Dsp.Tests.Synthesis;

/// <summary>Measurements on a power spectrum (4-term Blackman-Harris window, sidelobes below -92 dB; zero-padded FFT).</summary>
internal static class SpectrumProbe
{
    /// <summary>Power spectrum of the first <paramref name="window"/> samples, zero-padded to <paramref name="fftSize"/>.</summary>
    public static float[] Power(ReadOnlySpan<float> x, int window, int fftSize)
    {
        var frame = new float[fftSize];
        for (int n = 0; n < window; n++)
        {
            double p = 2 * Math.PI * n / (window - 1);
            double w = 0.35875 - (0.48829 * Math.Cos(p)) + (0.14128 * Math.Cos(2 * p)) - (0.01168 * Math.Cos(3 * p));
            frame[n] = (float)(x[n] * w);
        }

        var power = new float[(fftSize / 2) + 1];
        new RealFft(fftSize).PowerSpectrum(frame, power, normalize: false);
        return power;
    }

    /// <summary>Frequency of the strongest bin, refined by parabolic interpolation on log power.</summary>
    public static double PeakHz(float[] power, int sampleRate)
    {
        int best = 1;
        for (int k = 2; k < power.Length - 1; k++)
        {
            if (power[k] > power[best])
            {
                best = k;
            }
        }

        double a = Math.Log(power[best - 1] + 1e-30), b = Math.Log(power[best] + 1e-30), c = Math.Log(power[best + 1] + 1e-30);
        double offset = 0.5 * (a - c) / (a - (2 * b) + c);
        double binHz = sampleRate / (2.0 * (power.Length - 1));
        return (best + offset) * binHz;
    }

    /// <summary>Strongest bin away from DC and from every harmonic of <paramref name="fundamentalHz"/> below Nyquist
    /// (±<paramref name="guardBins"/>), in dB relative to the fundamental's bin.</summary>
    public static double WorstAliasDb(float[] power, int sampleRate, double fundamentalHz, int guardBins)
    {
        double binHz = sampleRate / (2.0 * (power.Length - 1));
        var harmonic = new bool[power.Length];
        for (double f = 0; f < sampleRate / 2.0; f += fundamentalHz)
        {
            int centre = (int)Math.Round(f / binHz);
            for (int k = Math.Max(0, centre - guardBins); k <= Math.Min(power.Length - 1, centre + guardBins); k++)
            {
                harmonic[k] = true;
            }
        }

        int fundamentalBin = (int)Math.Round(fundamentalHz / binHz);
        double reference = 0;
        for (int k = fundamentalBin - guardBins; k <= fundamentalBin + guardBins; k++)
        {
            reference = Math.Max(reference, power[k]);
        }

        double worst = 1e-30;
        for (int k = 0; k < power.Length; k++)
        {
            if (!harmonic[k])
            {
                worst = Math.Max(worst, power[k]);
            }
        }

        return 10 * Math.Log10(worst / reference);
    }
}
