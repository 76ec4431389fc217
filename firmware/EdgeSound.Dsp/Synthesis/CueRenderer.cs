using System.Globalization;
using NWaves.Filters.BiQuad;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// Renders a <see cref="CuePattern"/> to mono float samples (full scale 1) at any rate: per note, the oscillator (with
/// the noise layer blended in by <see cref="CuePattern.Noise"/>), the optional NWaves biquad low-pass (Q = 1/√2), the
/// ADSR envelope over the note's length plus its release, and gain velocity/127 · <see cref="VoiceGain"/>; notes are
/// summed by a <see cref="Mixer"/> whose limiter keeps the peak at or below -1 dBFS.
/// </summary>
public static class CueRenderer
{
    /// <summary>Headroom of one voice before the limiter: -6 dB.</summary>
    public const float VoiceGain = 0.5f;

    /// <summary>Longest rendered cue, seconds.</summary>
    public const double MaxSeconds = 120;

    /// <summary>Renders <paramref name="pattern"/> at <paramref name="sampleRate"/> Hz: the events' length plus the last release.</summary>
    /// <exception cref="ArgumentException">a note lies at or above half the rate (named), or the cue is longer than
    /// <see cref="MaxSeconds"/>.</exception>
    public static float[] Render(CuePattern pattern, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        double seconds = (pattern.TotalBeats * pattern.SecondsPerBeat) + (pattern.Envelope.ReleaseMs / 1000);
        if (seconds > MaxSeconds)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the cue lasts {seconds:0.#} s, more than {MaxSeconds} s"), nameof(pattern));
        }

        var mixer = new Mixer(sampleRate, PeakLimiter.Default);
        int release = pattern.Envelope.ReleaseSamples(sampleRate);
        double beat = 0;
        for (int i = 0; i < pattern.Events.Count; i++)
        {
            CueEvent e = pattern.Events[i];
            int start = ToSample(beat, pattern, sampleRate);
            beat += e.Beats;
            int gate = ToSample(beat, pattern, sampleRate) - start;
            if (e.Pitch is not { } pitch)
            {
                continue;
            }

            if (pitch.Hz >= sampleRate / 2.0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"note {i + 1} ({pitch}, {pitch.Hz:0.#} Hz) is at or above half the sample rate {sampleRate} Hz"), nameof(pattern));
            }

            mixer.Add(Voice(pattern, pitch.Hz, gate, release, sampleRate, seed: i), start, e.Velocity / 127f * VoiceGain);
        }

        mixer.EnsureLength(ToSample(beat, pattern, sampleRate) + release);
        return mixer.Mix();
    }

    private static float[] Voice(CuePattern pattern, double hz, int gate, int release, int sampleRate, int seed)
    {
        int length = gate + release;
        float[] tone = Oscillator.Render(pattern.Wave, hz, sampleRate, length, seed);
        if (pattern.Noise > 0 && pattern.Wave != Waveform.Noise)
        {
            float[] noise = Oscillator.Render(Waveform.Noise, hz, sampleRate, length, seed);
            float dry = (float)(1 - pattern.Noise), wet = (float)pattern.Noise;
            for (int n = 0; n < length; n++)
            {
                tone[n] = (dry * tone[n]) + (wet * noise[n]);
            }
        }

        if (pattern.LowPassHz is { } cutoff && cutoff < sampleRate / 2.0)
        {
            var lowPass = new LowPassFilter(cutoff / sampleRate, 1 / Math.Sqrt(2));
            for (int n = 0; n < length; n++)
            {
                tone[n] = lowPass.Process(tone[n]);
            }
        }

        var gains = new float[length];
        pattern.Envelope.Render(gate, sampleRate, gains);
        for (int n = 0; n < length; n++)
        {
            tone[n] *= gains[n];
        }

        return tone;
    }

    private static int ToSample(double beats, CuePattern pattern, int sampleRate) =>
        (int)Math.Round(beats * pattern.SecondsPerBeat * sampleRate);
}
