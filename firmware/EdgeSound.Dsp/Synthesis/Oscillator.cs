using NWaves.Signals.Builders;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>One note's raw tone at peak amplitude about 1, before its envelope: sine and triangle from NWaves' signal
/// builders, square and sawtooth from <see cref="BandLimitedOscillator"/>, noise from <see cref="PitchedNoise"/>.</summary>
public static class Oscillator
{
    /// <summary>Renders <paramref name="length"/> samples of <paramref name="shape"/> at <paramref name="frequencyHz"/>
    /// (0 &lt; f &lt; rate/2); <paramref name="seed"/> only matters for noise.</summary>
    public static float[] Render(Waveform shape, double frequencyHz, int sampleRate, int length, int seed)
    {
        var samples = new float[length];
        if (length == 0)
        {
            return samples;
        }

        switch (shape)
        {
            case Waveform.Sine:
                new SineBuilder().SetParameter("frequency", frequencyHz).OfLength(length).SampledAt(sampleRate).Build().Samples.CopyTo(samples, 0);
                break;
            case Waveform.Triangle:
                new TriangleWaveBuilder().SetParameter("frequency", frequencyHz).OfLength(length).SampledAt(sampleRate).Build().Samples.CopyTo(samples, 0);
                break;
            case Waveform.Square or Waveform.Sawtooth:
                BandLimitedOscillator.Render(shape, frequencyHz, sampleRate, samples);
                break;
            case Waveform.Noise:
                PitchedNoise.Render(frequencyHz, sampleRate, seed, samples);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown waveform.");
        }

        return samples;
    }
}
