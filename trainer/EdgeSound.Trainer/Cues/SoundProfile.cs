namespace EdgeSound.Trainer.Cues;

/// <summary>
/// What a sound (a clip, a class or a rendered cue) measures like: <paramref name="TempoBpm"/> (null: no periodicity
/// found), <paramref name="OnsetsPerSecond"/>, <paramref name="Chroma"/> (12 pitch-class energies C..B, max-normalised
/// to 1; all 0 for silence), spectral <paramref name="CentroidHz"/> and <paramref name="Flatness"/> (0 tonal .. 1 white noise).
/// </summary>
public sealed record SoundProfile(double? TempoBpm, double OnsetsPerSecond, double[] Chroma, double CentroidHz, double Flatness)
{
    /// <summary>
    /// Distance between two profiles: the Euclidean norm of the differences of the 12 chroma bins, log2 of the centroid
    /// (octaves), 2·flatness and log2(1 + onsets per second). Each part spans roughly 0..2 on real sounds, so none
    /// dominates.
    /// </summary>
    public double DistanceTo(SoundProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double sum = 0;
        for (int i = 0; i < 12; i++)
        {
            sum += Square(Chroma[i] - other.Chroma[i]);
        }

        sum += Square(Math.Log2(Math.Max(CentroidHz, 1) / Math.Max(other.CentroidHz, 1)));
        sum += Square(2 * (Flatness - other.Flatness));
        sum += Square(Math.Log2(1 + OnsetsPerSecond) - Math.Log2(1 + other.OnsetsPerSecond));
        return Math.Sqrt(sum);
    }

    private static double Square(double x) => x * x;
}
