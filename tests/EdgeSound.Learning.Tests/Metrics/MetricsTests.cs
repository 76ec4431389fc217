using EdgeSound.Learning.Metrics;
using Xunit;

namespace EdgeSound.Learning.Tests.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public void AdjustedRandIndexHandCases()
    {
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 12);
        // Contingency cells {2, 1, 1}: index 1, expected 1 * 2 / 6, max 1.5 -> (2/3) / (7/6) = 4/7.
        Assert.Equal(4.0 / 7.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]), 12);
        Assert.True(ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) < 0);
    }

    [Fact]
    public void NormalizedMutualInformationHandCases()
    {
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1], [5, 5, 3, 3]), 12);
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 12);
        // MI = ln 2, H(truth) = 1.5 ln 2, H(pred) = ln 2 -> ln 2 / (1.25 ln 2) = 0.8.
        Assert.Equal(0.8, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 2], [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void SilhouetteHandCaseIgnoresNoise()
    {
        double[][] x = [[0], [1], [10], [11]];
        double expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
        Assert.Equal(expected, ClusteringMetrics.Silhouette(x, [0, 0, 1, 1]), 12);
        double[][] withNoise = [[0], [1], [10], [11], [5]];
        Assert.Equal(expected, ClusteringMetrics.Silhouette(withNoise, [0, 0, 1, 1, -1]), 12);
        Assert.True(double.IsNaN(ClusteringMetrics.Silhouette(x, [0, 0, 0, -1])));
        Assert.True(ClusteringMetrics.Silhouette(x, [0, 1, 0, 1]) < 0);
    }

    [Fact]
    public void ClassificationReportHandCase()
    {
        var report = ClassificationReport.Create([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
        Assert.Equal(0.6, report.Accuracy, 12);
        Assert.Equal([1, 1, 0], report.Confusion[0]);
        Assert.Equal([0, 2, 0], report.Confusion[1]);
        Assert.Equal([1, 0, 0], report.Confusion[2]);
        Assert.Equal(0.5, report.Precision[0], 12);
        Assert.Equal(2.0 / 3.0, report.Precision[1], 12);
        Assert.Equal(0.0, report.Precision[2], 12);
        Assert.Equal(0.5, report.Recall[0], 12);
        Assert.Equal(1.0, report.Recall[1], 12);
        Assert.Equal(0.8, report.F1[1], 12);
        Assert.Equal((0.5 + 0.8 + 0) / 3, report.MacroF1, 12);
    }

    [Fact]
    public void MacroF1SkipsClassesAbsentFromTruthAndPredictions()
    {
        var report = ClassificationReport.Create([0, 1], [0, 1], 4);
        Assert.Equal(1.0, report.MacroF1, 12);
        Assert.Throws<ArgumentException>(() => ClassificationReport.Create([0, 5], [0, 1], 4));
    }
}
