namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// The int8 scale of a log-mel frame value.
/// </summary>
/// <remarks>
/// <para>Let E be a band's mel energy: the sum over FFT bins k of weight(k) * |X_k|^2, where X is the unscaled DFT
/// of the Hann-windowed, DC-removed samples in int16 units (full scale = 32768) and weight is the band's triangle
/// (peak 1). Then</para>
/// <code>value = clamp(round(6 * log2(E)) - 148, -128, 127)</code>
/// <para>so one step is a sixth of an octave of power, 10*log10(2)/6 = 0.5017 dB (<see cref="DbPerStep"/>), and the
/// 256 steps span 128.4 dB. Digital silence (E = 0) gives <see cref="Floor"/> = -128 in every band; value -128 also
/// covers everything below E = 2^(20/6), about 10 dB, below the quantization noise of int16 input. Reference points at
/// the defaults (512-point Hann, 64 bands): a full-scale sine in a wide band gives E = 24576 * 32767^2, about 119.5 steps,
/// so about +120, leaving 7 steps (3.5 dB) for full-scale square waves and DC-removal overshoot before +127 clips;
/// a sine of amplitude 1 LSB gives about -62.</para>
/// <para>A gain of g dB on the input moves every unclipped value by g / DbPerStep steps (<see cref="StepsForGainDb"/>),
/// which is how the trainer augments with random gain.</para>
/// </remarks>
public static class LogMelScale
{
    /// <summary>Value of digital silence (and anything quieter than about 10 dB of mel energy).</summary>
    public const sbyte Floor = sbyte.MinValue;

    /// <summary>Largest value; energies above about 138.5 dB clip here.</summary>
    public const sbyte Ceiling = sbyte.MaxValue;

    /// <summary>Steps per doubling of mel energy (one octave of power, 3.01 dB).</summary>
    public const int StepsPerOctave = 6;

    /// <summary>Steps subtracted from 6 * log2(E) so that the useful range fits int8.</summary>
    public const int Offset = 148;

    /// <summary>Decibels of mel energy per int8 step: 10 * log10(2) / 6, about 0.5017 dB.</summary>
    public static readonly double DbPerStep = 10.0 * Math.Log10(2.0) / StepsPerOctave;

    /// <summary>One-line description stored in model metadata (<c>frontend.int8_scale</c>); a model made with a
    /// different scale is refused.</summary>
    public const string Description = "value=clamp(round(6*log2(E))-148,-128,127); E=sum(tri*|DFT(hann*x)|^2), x in int16 units";

    /// <summary>Int8 offset that a gain of <paramref name="db"/> dB on the input adds to every unclipped value.</summary>
    public static int StepsForGainDb(double db)
    {
        if (!double.IsFinite(db))
        {
            throw new ArgumentOutOfRangeException(nameof(db), db, "Gain in dB must be finite.");
        }

        return (int)Math.Round(db / DbPerStep, MidpointRounding.AwayFromZero);
    }

    /// <summary>Mel energy in dB (10 * log10 E) that <paramref name="value"/> stands for (the lower end for Floor).</summary>
    public static double ToDb(sbyte value) => (value + Offset) * DbPerStep;

    /// <summary>The unrounded, unclipped scale value of mel energy <paramref name="energy"/> (negative infinity for 0).</summary>
    public static double Steps(double energy) => (StepsPerOctave * Math.Log2(energy)) - Offset;

    /// <summary>Rounds and clips an unrounded scale value the way the fixed-point quantizer does (half up).</summary>
    public static sbyte Quantize(double steps)
    {
        if (double.IsNaN(steps))
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Scale value must not be NaN.");
        }

        double rounded = Math.Floor(steps + 0.5);
        return rounded <= Floor ? Floor : rounded >= Ceiling ? Ceiling : (sbyte)rounded;
    }
}
