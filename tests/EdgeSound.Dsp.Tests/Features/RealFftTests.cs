using EdgeSound.Dsp.Spectral;
using Xunit;

namespace EdgeSound.Dsp.Tests.Features;

public sealed class RealFftTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(512)]
    [InlineData(1024)]
    public void MatchesDirectDft(int n)
    {
        var rng = new Random(n);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        var fft = new RealFft(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        var power = new float[fft.BinCount];
        fft.Forward(x, re, im);
        fft.PowerSpectrum(x, power);
        for (int k = 0; k <= n / 2; k++)
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * k * t / n;
                sr += x[t] * Math.Cos(a);
                si += x[t] * Math.Sin(a);
            }

            double tol = 1e-4 * Math.Sqrt(n);
            Assert.Equal(sr, re[k], tol);
            Assert.Equal(si, im[k], tol);
            Assert.Equal(sr * sr + si * si, power[k], tol * (1 + Math.Sqrt(sr * sr + si * si)) * 2);
        }
    }

    [Fact]
    public void RejectsSizesThatAreNotPowersOfTwo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(1000));
        Assert.Throws<ArgumentException>(() => new RealFft(8).PowerSpectrum(new float[4], new float[5]));
    }
}
