using EdgeSound.Learning.Clustering;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Clustering;

public sealed class DensityClusteringTests
{
    private static readonly double[][] Outliers = [[30, -20], [-25, 25], [40, 40], [-30, -30], [5, 35], [25, 5]];

    private static (double[][] X, int[] Y) BlobsWithOutliers()
    {
        var (x, y) = SyntheticData.FourBlobs(2);
        return ([.. x, .. Outliers], [.. y, .. Enumerable.Repeat(-1, Outliers.Length)]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1.5)]
    public void DbscanMarksPlantedOutliersAsNoiseAndRecoversBlobs(double? eps)
    {
        var (x, y) = BlobsWithOutliers();
        DbscanResult result = new Dbscan(new DbscanOptions { Eps = eps, MinPoints = 5 }).Fit(x);
        Assert.Equal(4, result.ClusterCount);
        for (int i = x.Length - Outliers.Length; i < x.Length; i++)
        {
            Assert.Equal(-1, result.Labels[i]);
        }

        Assert.True(ClusteringMetrics.AdjustedRandIndex(y, result.Labels) > 0.97, $"eps {result.Eps}");
    }

    [Fact]
    public void KneeEpsLiesBetweenBlobScaleAndBlobGap()
    {
        var (x, _) = BlobsWithOutliers();
        double eps = Dbscan.KneeEps(x, 5);
        Assert.InRange(eps, 0.2, 5.0);
    }

    [Fact]
    public void HdbscanMarksPlantedOutliersAsNoiseAndRecoversBlobs()
    {
        var (x, y) = BlobsWithOutliers();
        HdbscanResult result = new Hdbscan(new HdbscanOptions { MinClusterSize = 10 }).Fit(x);
        Assert.Equal(4, result.ClusterCount);
        for (int i = x.Length - Outliers.Length; i < x.Length; i++)
        {
            Assert.Equal(-1, result.Labels[i]);
        }

        Assert.True(ClusteringMetrics.AdjustedRandIndex(y, result.Labels) > 0.9);
    }

    /// <summary>
    /// Blobs of very different density: a tight blob next to a diffuse one whose spacing is far larger than
    /// the gap between the tight blob and a second tight blob. A single DBSCAN radius either breaks the diffuse
    /// blob into noise and fragments or merges the two tight blobs; HDBSCAN's hierarchy keeps all three.
    /// (With only two blobs one radius always exists that separates them, so the dense pair is needed to
    /// make the failure real.) Noise points count as singletons here, so calling a whole blob noise is a
    /// failure rather than a free "cluster".
    /// </summary>
    [Fact]
    public void HdbscanRecoversBlobsOfDifferentDensityWhereNoDbscanEpsDoes()
    {
        var (x, y) = SyntheticData.Blobs([[0, 0], [0.6, 0], [12, 0]], [0.05, 0.05, 3.0], 150, 5);
        double bestDbscan = 0;
        for (double eps = 0.02; eps <= 4.0; eps += 0.02)
        {
            int[] labels = new Dbscan(new DbscanOptions { Eps = eps, MinPoints = 5 }).Fit(x).Labels;
            bestDbscan = Math.Max(bestDbscan, ClusteringMetrics.AdjustedRandIndex(y, NoiseAsSingletons(labels)));
        }

        HdbscanResult hdbscan = new Hdbscan(new HdbscanOptions { MinClusterSize = 20, MinSamples = 5 }).Fit(x);
        double hdbscanAri = ClusteringMetrics.AdjustedRandIndex(y, NoiseAsSingletons(hdbscan.Labels));
        Assert.Equal(3, hdbscan.ClusterCount);
        Assert.True(hdbscanAri > 0.95, $"HDBSCAN ARI {hdbscanAri}");
        Assert.True(bestDbscan < 0.8, $"best DBSCAN ARI {bestDbscan}");
    }

    private static int[] NoiseAsSingletons(int[] labels)
    {
        var result = (int[])labels.Clone();
        int next = labels.Max() + 1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] < 0)
            {
                result[i] = next++;
            }
        }

        return result;
    }

    [Fact]
    public void HdbscanOnOneBlobIsAllNoiseOrOneCluster()
    {
        var (x, _) = SyntheticData.Blobs([[0, 0]], [1.0], 100, 9);
        HdbscanResult result = new Hdbscan(new HdbscanOptions { MinClusterSize = 60 }).Fit(x);
        Assert.True(result.ClusterCount <= 1);
    }
}
