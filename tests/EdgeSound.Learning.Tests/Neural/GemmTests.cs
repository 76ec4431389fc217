using Xunit;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(8, 32, 5, false, false)]
    [InlineData(13, 50, 17, true, false)]
    [InlineData(19, 64, 9, false, true)]
    [InlineData(35, 83, 40, true, true)]
    public void MatchesNaiveProduct(int m, int n, int k, bool transposedA, bool accumulate)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        float[] a = Random(random, m * k);
        float[] b = Random(random, k * n + 3);
        float[] c = Random(random, m * n);
        float[] expected = (float[])c.Clone();
        int rs = transposedA ? 1 : k;
        int cs = transposedA ? m : 1;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = accumulate ? expected[i * n + j] : 0;
                for (int l = 0; l < k; l++)
                {
                    s += (double)a[i * rs + l * cs] * b[l * n + j];
                }

                expected[i * n + j] = (float)s;
            }
        }

        Gemm.Multiply(m, n, k, a, rs, cs, b, n, c, n, accumulate);
        for (int i = 0; i < c.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - c[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"C[{i}] = {c[i]}, expected {expected[i]}");
        }
    }

    [Fact]
    public void RejectsOperandsShorterThanTheirStrides()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(4, 4, 4, new float[15], 4, 1, new float[16], 4, new float[16], 4, false));
        Assert.Contains("'a'", ex.Message);
    }

    private static float[] Random(Random random, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return x;
    }
}
