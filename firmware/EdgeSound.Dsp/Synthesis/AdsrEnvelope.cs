namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// A linear ADSR envelope: rises from 0 to 1 in <see cref="AttackMs"/>, falls to <see cref="SustainLevel"/> in
/// <see cref="DecayMs"/>, holds while the gate is open, then falls from its level at gate-off to 0 in
/// <see cref="ReleaseMs"/>. A gate shorter than attack + decay releases from wherever the envelope is.
/// </summary>
/// <remarks>NWaves' <c>AdsrBuilder</c> has no sustain level (its decay and sustain both aim at 1), smooths each stage with
/// a one-pole filter (so stage ends are approached, never reached) and loops; cue notes need exact stage times and a
/// sustain level, hence this type.</remarks>
/// <param name="AttackMs">attack time in milliseconds, &gt;= 0.</param>
/// <param name="DecayMs">decay time in milliseconds, &gt;= 0.</param>
/// <param name="SustainLevel">sustain level in [0, 1] (linear amplitude).</param>
/// <param name="ReleaseMs">release time in milliseconds, &gt;= 0.</param>
public sealed record AdsrEnvelope(double AttackMs, double DecayMs, double SustainLevel, double ReleaseMs)
{
    /// <summary>Longest stage accepted, in milliseconds.</summary>
    public const double MaxStageMs = 10_000;

    /// <summary>5 ms attack, 50 ms decay to 0.7, 50 ms release.</summary>
    public static AdsrEnvelope Default { get; } = new(5, 50, 0.7, 50);

    /// <summary>Samples of the release tail at <paramref name="sampleRate"/>.</summary>
    public int ReleaseSamples(int sampleRate) => ToSamples(ReleaseMs, sampleRate);

    /// <summary>Fills <paramref name="gains"/> with the envelope of a note whose gate lasts <paramref name="gateSamples"/>
    /// samples; samples past gate + release are 0.</summary>
    public void Render(int gateSamples, int sampleRate, Span<float> gains)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gateSamples);
        int attack = ToSamples(AttackMs, sampleRate);
        int decay = ToSamples(DecayMs, sampleRate);
        int release = ToSamples(ReleaseMs, sampleRate);
        double atGateOff = gateSamples == 0 ? 0 : Level(gateSamples - 1, attack, decay);
        for (int n = 0; n < gains.Length; n++)
        {
            gains[n] = n < gateSamples
                ? (float)Level(n, attack, decay)
                : (float)(release == 0 ? 0 : Math.Max(0, atGateOff * (1 - ((double)(n - gateSamples + 1) / release))));
        }
    }

    /// <summary>Gate-open level at sample <paramref name="n"/> (attack reaches 1 at its last sample).</summary>
    private double Level(int n, int attack, int decay)
    {
        if (n < attack)
        {
            return (double)(n + 1) / attack;
        }

        int intoDecay = n - attack;
        return intoDecay < decay ? 1 - ((1 - SustainLevel) * (intoDecay + 1) / decay) : SustainLevel;
    }

    private static int ToSamples(double ms, int sampleRate) => (int)Math.Round(ms * sampleRate / 1000.0);
}
