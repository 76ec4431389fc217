namespace EdgeSound.Learning.Tests.Preprocessing;

/// <summary>Seeded synthetic data for the learning tests.</summary>
internal static class SyntheticData
{
    public static double Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Isotropic Gaussian blobs: <paramref name="perBlob"/> rows around each centre, label = centre index.</summary>
    public static (double[][] X, int[] Y) Blobs(double[][] centres, double[] spread, int perBlob, int seed)
    {
        var random = new Random(seed);
        var x = new List<double[]>();
        var y = new List<int>();
        for (int c = 0; c < centres.Length; c++)
        {
            for (int i = 0; i < perBlob; i++)
            {
                var row = new double[centres[c].Length];
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = centres[c][j] + spread[c] * Gaussian(random);
                }

                x.Add(row);
                y.Add(c);
            }
        }

        return (x.ToArray(), y.ToArray());
    }

    /// <summary>Four well-separated 2-D blobs, 50 rows each.</summary>
    public static (double[][] X, int[] Y) FourBlobs(int seed = 1) =>
        Blobs([[0, 0], [10, 0], [0, 10], [10, 10]], [0.5, 0.5, 0.5, 0.5], 50, seed);

    /// <summary>Well separated classes in <paramref name="dims"/> dimensions with unit noise.</summary>
    public static (double[][] X, int[] Y) Classes(int classes, int perClass, int dims, double separation, int seed)
    {
        var random = new Random(seed + 1000);
        var centres = new double[classes][];
        for (int c = 0; c < classes; c++)
        {
            centres[c] = new double[dims];
            for (int j = 0; j < dims; j++)
            {
                centres[c][j] = separation * Gaussian(random);
            }
        }

        var spread = new double[classes];
        Array.Fill(spread, 1.0);
        return Blobs(centres, spread, perClass, seed);
    }
}
