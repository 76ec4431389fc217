using EdgeSound.Learning.Clustering;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Clustering;

public sealed class KMeansTests
{
    [Fact]
    public void SeparatedBlobsAreRecoveredExactly()
    {
        var (x, y) = SyntheticData.FourBlobs();
        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 4, Seed = 7 }).Fit(x);
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(y, result.Labels), 12);
        Assert.Equal(result.Labels, KMeans.Predict(result.Centroids, x));
    }

    [Fact]
    public void InertiaNeverRisesBetweenIterations()
    {
        var (x, _) = SyntheticData.Classes(6, 40, 5, 1.5, 11);
        for (int seed = 0; seed < 5; seed++)
        {
            KMeansResult result = new KMeans(new KMeansOptions { Clusters = 8, Restarts = 1, Seed = seed }).Fit(x);
            Assert.True(result.InertiaHistory.Count >= 2);
            for (int i = 1; i < result.InertiaHistory.Count; i++)
            {
                Assert.True(result.InertiaHistory[i] <= result.InertiaHistory[i - 1] * (1 + 1e-12),
                    $"seed {seed}: inertia rose at iteration {i}");
            }

            Assert.Equal(result.InertiaHistory[^1], result.Inertia);
        }
    }

    [Fact]
    public void SameSeedSameResultAndRestartsHelp()
    {
        var (x, _) = SyntheticData.Classes(6, 40, 5, 1.5, 11);
        var options = new KMeansOptions { Clusters = 6, Restarts = 4, Seed = 3 };
        Assert.Equal(new KMeans(options).Fit(x).Labels, new KMeans(options).Fit(x).Labels);
        double single = new KMeans(options with { Restarts = 1 }).Fit(x).Inertia;
        Assert.True(new KMeans(options with { Restarts = 10 }).Fit(x).Inertia <= single);
    }

    [Fact]
    public void InvalidOptionsAreNamed()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { Clusters = 0 }));
        Assert.Equal("Clusters", ex.ParamName);
        Assert.Throws<ArgumentException>(() => new KMeans(new KMeansOptions { Clusters = 5 }).Fit([[1.0], [2.0]]));
    }
}
