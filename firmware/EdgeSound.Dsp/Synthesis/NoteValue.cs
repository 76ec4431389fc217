using System.Globalization;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>Note values as written in patterns: <c>/N</c> lasts 4/N beats (N = 4 is one beat, a quarter note) and a
/// trailing dot lengthens by half (<c>/8.</c> = 0.75 beat). N is 1, 2, 4, 8, 16, 32 or 64, or 3, 6, 12, 24, 48 for
/// triplets.</summary>
public static class NoteValue
{
    private static readonly int[] Denominators = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

    /// <summary>True when <paramref name="denominator"/> is an allowed N.</summary>
    public static bool IsAllowed(int denominator) => Array.IndexOf(Denominators, denominator) >= 0;

    /// <summary>Beats of <c>/N</c> or <c>/N.</c>.</summary>
    public static double Beats(int denominator, bool dotted) => 4.0 / denominator * (dotted ? 1.5 : 1);

    /// <summary>"8" for 0.5 beat, "8." for 0.75.</summary>
    /// <exception cref="InvalidOperationException">no allowed note value lasts <paramref name="beats"/>.</exception>
    public static string Format(double beats)
    {
        foreach (int n in Denominators)
        {
            if (Math.Abs(Beats(n, false) - beats) < 1e-9)
            {
                return n.ToString(CultureInfo.InvariantCulture);
            }

            if (Math.Abs(Beats(n, true) - beats) < 1e-9)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{n}.");
            }
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{beats} beats is not a note value /N or /N. with N in {string.Join(',', Denominators)}."));
    }
}
