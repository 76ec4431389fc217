using EdgeSound.Learning.Clustering;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Preprocessing;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Clustering;

public sealed class HierarchicalAndMixtureTests
{
    [Fact]
    public void WardRecoversBlobsExactly()
    {
        var (x, y) = SyntheticData.FourBlobs(4);
        AgglomerativeResult result = new AgglomerativeClustering(new AgglomerativeOptions { Clusters = 4 }).Fit(x);
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(y, result.Labels), 12);
        Assert.Equal(x.Length - 1, result.Merges.Count);
        for (int i = 1; i < result.Merges.Count; i++)
        {
            Assert.True(result.Merges[i].Height >= result.Merges[i - 1].Height);
        }

        Assert.Equal(x.Length, result.Merges[^1].Size);
    }

    [Fact]
    public void WardMatchesNaiveMergeOrder()
    {
        var (x, _) = SyntheticData.Classes(4, 10, 3, 2.0, 21);
        AgglomerativeResult chain = new AgglomerativeClustering(new AgglomerativeOptions { Clusters = 1 }).Fit(x);
        for (int k = 2; k <= 8; k++)
        {
            int[] fast = AgglomerativeClustering.Cut(chain.Merges, x.Length, k);
            Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(NaiveWard(x, k), fast), 12);
        }
    }

    /// <summary>Repeatedly merges the pair with the smallest increase in within-cluster sum of squares.</summary>
    private static int[] NaiveWard(double[][] x, int k)
    {
        var clusters = Enumerable.Range(0, x.Length).Select(i => new List<int> { i }).ToList();
        while (clusters.Count > k)
        {
            int bestA = 0;
            int bestB = 1;
            double best = double.PositiveInfinity;
            for (int a = 0; a < clusters.Count; a++)
            {
                for (int b = a + 1; b < clusters.Count; b++)
                {
                    double[] ca = Centroid(x, clusters[a]);
                    double[] cb = Centroid(x, clusters[b]);
                    double na = clusters[a].Count;
                    double nb = clusters[b].Count;
                    double increase = na * nb / (na + nb) * RowMath.SquaredDistance(ca, cb);
                    if (increase < best)
                    {
                        best = increase;
                        bestA = a;
                        bestB = b;
                    }
                }
            }

            clusters[bestA].AddRange(clusters[bestB]);
            clusters.RemoveAt(bestB);
        }

        var labels = new int[x.Length];
        for (int c = 0; c < clusters.Count; c++)
        {
            foreach (int i in clusters[c])
            {
                labels[i] = c;
            }
        }

        return labels;
    }

    private static double[] Centroid(double[][] x, List<int> members)
    {
        var c = new double[x[0].Length];
        foreach (int i in members)
        {
            RowMath.AddScaled(c, 1.0 / members.Count, x[i]);
        }

        return c;
    }

    [Fact]
    public void MixtureRecoversOneDimensionalMeansAndWeights()
    {
        var random = new Random(12);
        double[][] x = Enumerable.Range(0, 3000).Select(i => i % 10 < 3
            ? new[] { -2 + 0.5 * SyntheticData.Gaussian(random) }
            : new[] { 3 + 1.0 * SyntheticData.Gaussian(random) }).ToArray();
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 2, Seed = 1 }).Fit(x);
        int low = model.Means[0][0] < model.Means[1][0] ? 0 : 1;
        int high = 1 - low;
        Assert.Equal(-2, model.Means[low][0], 0.1);
        Assert.Equal(3, model.Means[high][0], 0.1);
        Assert.Equal(0.3, model.Weights[low], 0.03);
        Assert.Equal(0.7, model.Weights[high], 0.03);
        Assert.Equal(0.25, model.Variances[low][0], 0.05);
        Assert.Equal(1.0, model.Variances[high][0], 0.15);
    }

    [Fact]
    public void MixtureRecoversTwoDimensionalMeansAndLikelihoodIsMonotone()
    {
        var (x, y) = SyntheticData.Blobs([[0, 0], [4, 1], [1, 5]], [0.7, 0.7, 0.7], 300, 13);
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 3, Seed = 2, Restarts = 3 }).Fit(x);
        double[][] truth = [[0, 0], [4, 1], [1, 5]];
        foreach (double[] mean in truth)
        {
            double nearest = model.Means.Min(m => Math.Sqrt(RowMath.SquaredDistance(m, mean)));
            Assert.True(nearest < 0.15, $"no component near ({mean[0]}, {mean[1]}): {nearest}");
        }

        Assert.All(model.Weights, w => Assert.Equal(1.0 / 3, w, 0.03));
        Assert.True(ClusteringMetrics.AdjustedRandIndex(y, model.Labels) > 0.95);
        for (int i = 1; i < model.LogLikelihoodHistory.Count; i++)
        {
            Assert.True(model.LogLikelihoodHistory[i] >= model.LogLikelihoodHistory[i - 1] - 1e-12, $"log-likelihood fell at {i}");
        }

        double[][] r = model.Responsibilities(x);
        Assert.All(r, row => Assert.Equal(1.0, row.Sum(), 12));
    }

    [Fact]
    public void MixtureVarianceFloorKeepsDegenerateDataFinite()
    {
        double[][] x = [[1, 0], [1, 0], [1, 0], [5, 0], [5, 0], [5, 0]];
        GaussianMixtureModel model = new GaussianMixture(new GaussianMixtureOptions { Components = 2 }).Fit(x);
        Assert.True(double.IsFinite(model.LogLikelihood));
        Assert.All(model.Variances, v => Assert.All(v, e => Assert.True(e > 0)));
    }
}
