using EdgeSound.Learning.Manifold;
using EdgeSound.Learning.Preprocessing;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Manifold;

public sealed class TSneTests
{
    [Fact]
    public void SeparatedBlobsStaySeparated()
    {
        var (x, y) = SyntheticData.Classes(5, 60, 20, 6.0, 17);
        TSneResult result = new TSne(new TSneOptions { Perplexity = 20, Iterations = 500 }).Fit(x);
        double[][] e = result.Embedding;
        Assert.Equal(x.Length, e.Length);
        Assert.All(e, row => Assert.True(double.IsFinite(row[0]) && double.IsFinite(row[1])));

        int agree = 0;
        for (int i = 0; i < e.Length; i++)
        {
            int nearest = -1;
            double best = double.PositiveInfinity;
            for (int j = 0; j < e.Length; j++)
            {
                double d = j == i ? double.PositiveInfinity : RowMath.SquaredDistance(e[i], e[j]);
                if (d < best)
                {
                    best = d;
                    nearest = j;
                }
            }

            agree += y[nearest] == y[i] ? 1 : 0;
        }

        Assert.True(agree >= 0.99 * e.Length, $"nearest-neighbour label agreement {agree}/{e.Length}");
        Assert.True(SeparationRatio(e, y) > 3, $"separation ratio {SeparationRatio(e, y)}");
        Assert.True(result.KlDivergence is > 0 and < 3, $"KL {result.KlDivergence}");
    }

    [Fact]
    public void SameOptionsGiveSameEmbedding()
    {
        var (x, _) = SyntheticData.Classes(3, 30, 10, 4.0, 3);
        var options = new TSneOptions { Perplexity = 10, Iterations = 300, Init = TSneInit.Random, Seed = 4 };
        double[][] a = new TSne(options).Fit(x).Embedding;
        double[][] b = new TSne(options).Fit(x).Embedding;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i]);
        }
    }

    [Fact]
    public void AffinitiesAreSymmetricAndSumToOne()
    {
        var (x, _) = SyntheticData.Classes(3, 30, 5, 3.0, 8);
        TSne.Affinities p = TSne.ComputeAffinities(x, 30, 10);
        double total = p.Value.Sum();
        Assert.Equal(1.0, total, 10);
        var map = new Dictionary<(int, int), double>();
        for (int i = 0; i < x.Length; i++)
        {
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                map[(i, p.Column[e])] = p.Value[e];
            }
        }

        foreach (var ((i, j), v) in map)
        {
            Assert.Equal(v, map[(j, i)], 15);
        }
    }

    /// <summary>Mean distance to the nearest other-class centroid over mean distance to the own centroid.</summary>
    private static double SeparationRatio(double[][] e, int[] y)
    {
        int k = y.Max() + 1;
        var centroids = new double[k][];
        for (int c = 0; c < k; c++)
        {
            int[] members = Enumerable.Range(0, e.Length).Where(i => y[i] == c).ToArray();
            centroids[c] = [members.Average(i => e[i][0]), members.Average(i => e[i][1])];
        }

        double within = 0;
        double between = 0;
        for (int i = 0; i < e.Length; i++)
        {
            within += Math.Sqrt(RowMath.SquaredDistance(e[i], centroids[y[i]]));
            between += Enumerable.Range(0, k).Where(c => c != y[i]).Min(c => Math.Sqrt(RowMath.SquaredDistance(e[i], centroids[c])));
        }

        return between / within;
    }
}
