namespace EdgeSound.Dsp.Features;

/// <summary>librosa's power_to_db with ref = 1: 10 log10(max(amin, x)), then a floor at (max - topDb).</summary>
public static class Decibel
{
    public const float Amin = 1e-10f;

    public static float FromPower(float x) => 10f * MathF.Log10(MathF.Max(Amin, x));

    /// <summary>Converts in place and returns the maximum dB value.</summary>
    public static float FromPower(Span<float> x)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            float d = FromPower(x[i]);
            x[i] = d;
            max = MathF.Max(max, d);
        }

        return max;
    }

    /// <summary>Raises every value below (max(values) - topDb) to that floor.</summary>
    public static void ApplyTopDb(Span<float> db, float topDb)
    {
        if (db.IsEmpty)
        {
            return;
        }

        float max = float.NegativeInfinity;
        foreach (float d in db)
        {
            max = MathF.Max(max, d);
        }

        float floor = max - topDb;
        for (int i = 0; i < db.Length; i++)
        {
            db[i] = MathF.Max(db[i], floor);
        }
    }
}
