using EdgeSound.Learning.Preprocessing;
using Xunit;

namespace EdgeSound.Learning.Tests.Preprocessing;

public sealed class StandardScalerTests
{
    [Fact]
    public void ColumnsGetZeroMeanAndUnitVariance()
    {
        double[][] x = [[1, 10, 5], [2, 20, 5], [3, 30, 5], [6, 0, 5]];
        double[][] z = new StandardScaler().FitTransform(x);
        for (int j = 0; j < 2; j++)
        {
            double mean = z.Average(r => r[j]);
            double variance = z.Average(r => (r[j] - mean) * (r[j] - mean));
            Assert.Equal(0, mean, 12);
            Assert.Equal(1, variance, 12);
        }
    }

    [Fact]
    public void ConstantColumnMapsToZeroNotNaN()
    {
        double[][] x = [[1, 7], [2, 7], [3, 7]];
        var scaler = new StandardScaler().Fit(x);
        Assert.Equal(1.0, scaler.Scale[1]);
        Assert.All(scaler.Transform(x), r => Assert.Equal(0.0, r[1]));
        Assert.Equal(-1.224744871391589, scaler.Transform(x)[0][0], 12);
    }

    [Fact]
    public void TransformUsesTrainingStatistics()
    {
        var scaler = new StandardScaler().Fit([[0.0], [2.0]]);
        Assert.Equal(3.0, scaler.Transform([[4.0]])[0][0], 12);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => new StandardScaler().Fit([[1.0, 2.0], [1.0]]));
        Assert.Contains("row 1", ex.Message);
        var nan = Assert.Throws<ArgumentException>(() => new StandardScaler().Fit([[1.0], [double.NaN]]));
        Assert.Contains("not finite", nan.Message);
        Assert.Throws<InvalidOperationException>(() => new StandardScaler().Transform([[1.0]]));
    }
}
