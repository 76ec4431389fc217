namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// Band-limited square and sawtooth waves by additive synthesis: the Fourier series truncated to the harmonics below
/// Nyquist, so nothing aliases (the equivalent of PolyBLEP the issue allows; a 2-sample PolyBLEP leaves aliases near
/// -30 dB for a 2 kHz note at 16 kHz, this leaves only float rounding).
/// Series (amplitude 1 for the ideal wave): square 4/π Σ_{k odd} sin(kφ)/k; rising sawtooth 2/π Σ_k (-1)^(k+1) sin(kφ)/k.
/// sin(kφ) comes from the Chebyshev recurrence sin(kφ) = 2cos(φ)·sin((k-1)φ) - sin((k-2)φ), two multiplies per harmonic.
/// The truncated series overshoots by the Gibbs phenomenon (about 9% for the square); the mixer's limiter takes care of it.
/// </summary>
public static class BandLimitedOscillator
{
    /// <summary>Writes <paramref name="output"/>.Length samples of <paramref name="shape"/> at <paramref name="frequencyHz"/>,
    /// starting at phase 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">shape is not square or sawtooth; the frequency is not in (0, rate/2).</exception>
    public static void Render(Waveform shape, double frequencyHz, int sampleRate, Span<float> output)
    {
        if (shape is not (Waveform.Square or Waveform.Sawtooth))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Only square and sawtooth are synthesised additively.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        double nyquist = sampleRate / 2.0;
        if (!(frequencyHz > 0 && frequencyHz < nyquist))
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"The frequency must lie in (0, {nyquist} Hz) at {sampleRate} Hz.");
        }

        double[] amplitudes = HarmonicAmplitudes(shape, (int)Math.Ceiling(nyquist / frequencyHz) - 1);
        double step = frequencyHz / sampleRate;
        double cycle = 0;
        for (int n = 0; n < output.Length; n++)
        {
            double phi = 2 * Math.PI * cycle;
            double twoCos = 2 * Math.Cos(phi);
            double previous = 0;
            double current = Math.Sin(phi);
            double sum = 0;
            for (int k = 0; k < amplitudes.Length; k++)
            {
                sum += amplitudes[k] * current;
                double next = (twoCos * current) - previous;
                previous = current;
                current = next;
            }

            output[n] = (float)sum;
            cycle += step;
            if (cycle >= 1)
            {
                cycle -= 1;
            }
        }
    }

    /// <summary>Amplitude of harmonics 1..<paramref name="count"/> (index k-1), zero where the series has none.</summary>
    private static double[] HarmonicAmplitudes(Waveform shape, int count)
    {
        var amplitudes = new double[count];
        for (int k = 1; k <= count; k++)
        {
            amplitudes[k - 1] = shape == Waveform.Square
                ? (k % 2 == 1 ? 4 / (Math.PI * k) : 0)
                : (k % 2 == 1 ? 2 : -2) / (Math.PI * k);
        }

        return amplitudes;
    }
}
