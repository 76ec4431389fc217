using EdgeSound.Learning.Decomposition;
using EdgeSound.Learning.Preprocessing;
using EdgeSound.Learning.Tests.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Decomposition;

public sealed class PcaTests
{
    [Fact]
    public void KnownTwoDimensionalCase()
    {
        // Covariance [[2.4, 1.6], [1.6, 2.4]]: eigenvalues 4.0 along (1, 1) and 0.8 along (1, -1).
        double[][] x = [[-2, -2], [-1, -1], [1, 1], [2, 2], [-1, 1], [1, -1]];
        var pca = new Pca().Fit(x);
        double h = Math.Sqrt(0.5);
        Assert.Equal(4.0, pca.ExplainedVariance[0], 10);
        Assert.Equal(0.8, pca.ExplainedVariance[1], 10);
        Assert.Equal(4.0 / 4.8, pca.ExplainedVarianceRatio[0], 10);
        Assert.Equal(h, pca.Components[0][0], 10);
        Assert.Equal(h, pca.Components[0][1], 10);
        Assert.Equal(h, pca.Components[1][0], 10);
        Assert.Equal(-h, pca.Components[1][1], 10);
        Assert.Equal(1, pca.ComponentsForVariance(0.8));
        Assert.Equal(2, pca.ComponentsForVariance(0.95));
        double[][] projected = pca.Transform([[2, 2]], 1);
        Assert.Equal(2 * Math.Sqrt(2), projected[0][0], 10);
    }

    [Fact]
    public void ComponentsAreOrthonormalAndRatiosSumToOne()
    {
        var random = new Random(3);
        double[][] x = Enumerable.Range(0, 200).Select(_ =>
        {
            double a = SyntheticData.Gaussian(random);
            double b = SyntheticData.Gaussian(random);
            return new[] { a, 2 * a + 0.1 * b, b, 3 * SyntheticData.Gaussian(random), a - b, SyntheticData.Gaussian(random) };
        }).ToArray();
        var pca = new Pca().Fit(x);
        Assert.Equal(6, pca.Components.Count);
        for (int a = 0; a < 6; a++)
        {
            for (int b = 0; b < 6; b++)
            {
                Assert.Equal(a == b ? 1.0 : 0.0, RowMath.Dot(pca.Components[a], pca.Components[b]), 10);
            }
        }

        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 12);
        for (int i = 1; i < 6; i++)
        {
            Assert.True(pca.ExplainedVariance[i] <= pca.ExplainedVariance[i - 1]);
        }

        // Projections onto all components keep the total variance.
        double[][] z = pca.Transform(x, 6);
        double projectedVariance = Enumerable.Range(0, 6).Sum(c => z.Select(r => r[c] * r[c]).Sum() / (x.Length - 1));
        Assert.Equal(pca.ExplainedVariance.Sum(), projectedVariance, 8);
        Assert.True(pca.ComponentsForVariance(0.95) < 6);
    }

    [Fact]
    public void OptionsLimitOutputWidth()
    {
        var (x, _) = SyntheticData.Classes(3, 20, 8, 3, 5);
        var pca = new Pca(new PcaOptions { Components = 3 }).Fit(x);
        Assert.Equal(3, pca.Transform(x)[0].Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pca(new PcaOptions { Components = 0 }));
    }
}
