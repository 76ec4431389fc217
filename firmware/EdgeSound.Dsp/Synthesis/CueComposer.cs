namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// Composes a new cue from sound features. Deterministic for given inputs (System.Random with the seed); other seeds give
/// other melodies and rhythms.
/// <list type="bullet">
/// <item>Register from brightness: the tonic sits in octave 3 + round(3·brightness) (C3..B6); the low-pass cut-off is
/// 500·2^(4·brightness) Hz (500 Hz..8 kHz).</item>
/// <item>Scale from key and mode; the melody is a random walk of -2..+2 scale steps within ±7 steps of the tonic,
/// starting on the tonic and closing on it for the last beat (a cadence), with an occasional rest (never two in a row).</item>
/// <item>Rhythm density from tempo: below 90 BPM mostly eighths and sixteenths, 90..140 eighths and quarters, above 140
/// quarters and halves, so the notes per second stay in a comfortable range; downbeats are accented.</item>
/// <item>Waveform and noise from noisiness: sine, triangle, square, sawtooth, noise by fifths; a noise layer of
/// 0.6·noisiness above 0.3; noisier cues get shorter, percussive envelopes.</item>
/// </list>
/// </summary>
public static class CueComposer
{
    private static readonly int[] MajorSteps = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorSteps = [0, 2, 3, 5, 7, 8, 10];

    /// <summary>A new pattern lasting exactly <see cref="ComposerInputs.LengthBeats"/> beats.</summary>
    /// <exception cref="ArgumentException">an input is out of range (<see cref="ComposerInputs.Problem"/>); the message
    /// names it: "Brightness 1.5: expected 0..1".</exception>
    public static CuePattern Compose(ComposerInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Problem() is { } problem)
        {
            throw new ArgumentException($"{problem.Input} {problem.Value}: expected {problem.Expected}", nameof(inputs));
        }

        var random = new Random(inputs.Seed);
        int[] scale = inputs.Mode == Mode.Major ? MajorSteps : MinorSteps;
        int tonic = (12 * (4 + (int)Math.Round(3 * inputs.Brightness))) + inputs.Key;
        double[] rhythm = RhythmPool(inputs.Tempo);
        var events = new List<CueEvent>();
        double remaining = inputs.LengthBeats - 1;
        int degree = 0;
        while (remaining > 1e-9)
        {
            double[] fitting = rhythm.Where(b => b <= remaining + 1e-9).ToArray();
            double beats = Pick(fitting.Length > 0 ? fitting : [0.25], random);
            bool onBeat = Math.Abs((inputs.LengthBeats - 1 - remaining) % 1) < 1e-9;
            if (events.Count > 0 && !events[^1].IsRest && random.NextDouble() < 0.12)
            {
                events.Add(new CueEvent(null, beats, CuePattern.DefaultVelocity));
            }
            else
            {
                degree = events.Count == 0 ? 0 : Math.Clamp(degree + random.Next(-2, 3), -7, 7);
                events.Add(new CueEvent(NotePitch.FromMidiKey(tonic + Semitones(scale, degree)), beats, (onBeat ? 110 : 85) + random.Next(-8, 9)));
            }

            remaining -= beats;
        }

        events.Add(new CueEvent(NotePitch.FromMidiKey(tonic), 1, 100 + random.Next(-8, 9)));
        return new CuePattern(
            Math.Round(inputs.Tempo),
            WaveformFor(inputs.Noisiness),
            EnvelopeFor(inputs.Noisiness, random),
            inputs.Noisiness > 0.3 ? Math.Round(0.6 * inputs.Noisiness, 2) : 0,
            Math.Round(500 * Math.Pow(2, 4 * inputs.Brightness)),
            events);
    }

    /// <summary>Note lengths (beats) to draw from, denser at slow tempi.</summary>
    private static double[] RhythmPool(double tempo) => tempo switch
    {
        < 90 => [0.25, 0.5, 0.5, 0.75, 1],
        <= 140 => [0.5, 0.5, 1, 1, 0.75, 0.25],
        _ => [1, 1, 0.5, 2, 1.5],
    };

    private static double Pick(double[] pool, Random random) => pool[random.Next(pool.Length)];

    private static int Semitones(int[] scale, int degree)
    {
        int octave = (int)Math.Floor(degree / 7.0);
        return (12 * octave) + scale[degree - (7 * octave)];
    }

    private static Waveform WaveformFor(double noisiness) => noisiness switch
    {
        < 0.2 => Waveform.Sine,
        < 0.4 => Waveform.Triangle,
        < 0.6 => Waveform.Square,
        < 0.8 => Waveform.Sawtooth,
        _ => Waveform.Noise,
    };

    private static AdsrEnvelope EnvelopeFor(double noisiness, Random random)
    {
        double attack = Math.Round(2 + (10 * (1 - noisiness)) + random.Next(0, 4));
        double decay = Math.Round(30 + (90 * (1 - noisiness)) + random.Next(0, 20));
        double sustain = Math.Round(0.8 - (0.5 * noisiness), 2);
        double release = Math.Round(40 + (120 * (1 - noisiness)) + random.Next(0, 30));
        return new AdsrEnvelope(attack, decay, sustain, release);
    }
}
