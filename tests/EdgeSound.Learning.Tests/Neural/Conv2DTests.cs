using Xunit;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class Conv2DTests
{
    [Fact]
    public void ForwardMatchesDirectConvolutionWithZeroPadding()
    {
        const int h = 5, w = 7, cin = 3, cout = 4;
        var conv = new Conv2D(new FeatureShape(h, w, cin), cout, bias: true, computeInputGradient: true, name: "c");
        var random = new Random(3);
        conv.Initialize(random);
        for (int o = 0; o < cout; o++)
        {
            conv.Bias!.Value[o] = o - 1.5f;
        }

        var x = new float[2 * h * w * cin];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        var y = new float[2 * h * w * cout];
        conv.Forward(x, y, 2, training: false, new Workers(2));
        float[] wt = conv.Weights.Value;
        for (int n = 0; n < 2; n++)
        {
            for (int yy = 0; yy < h; yy++)
            {
                for (int xx = 0; xx < w; xx++)
                {
                    for (int o = 0; o < cout; o++)
                    {
                        double s = conv.Bias!.Value[o];
                        for (int ky = 0; ky < 3; ky++)
                        {
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int sy = yy + ky - 1, sx = xx + kx - 1;
                                if (sy < 0 || sy >= h || sx < 0 || sx >= w)
                                {
                                    continue;
                                }

                                for (int c = 0; c < cin; c++)
                                {
                                    s += x[n * h * w * cin + (sy * w + sx) * cin + c] * wt[((ky * 3 + kx) * cin + c) * cout + o];
                                }
                            }
                        }

                        Assert.Equal(s, y[n * h * w * cout + (yy * w + xx) * cout + o], 4);
                    }
                }
            }
        }
    }
}
