using Xunit;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class LayerGradientTests
{
    private static float AwayFromZero(Random r)
    {
        float v = (float)(r.NextDouble() * 0.9 + 0.1);
        return r.Next(2) == 0 ? v : -v;
    }

    [Theory]
    [InlineData(3, 5, 2, 4, false)]
    [InlineData(6, 4, 3, 16, true)]
    [InlineData(4, 4, 16, 32, false)]
    public void Conv2DGradientsMatchFiniteDifferences(int h, int w, int cin, int cout, bool bias)
    {
        var conv = new Conv2D(new FeatureShape(h, w, cin), cout, bias, computeInputGradient: true, name: "c");
        conv.Initialize(new Random(1));
        if (conv.Bias is not null)
        {
            for (int i = 0; i < conv.Bias.Value.Length; i++)
            {
                conv.Bias.Value[i] = 0.1f * i;
            }
        }

        GradientCheck.Layer(conv, batch: 3, seed: 2, eps: 1e-2, tolerance: 1e-2);
    }

    [Theory]
    [InlineData(3, 5, 2, 4, false)]
    [InlineData(4, 4, 16, 32, true)]
    public void PointwiseConvGradientsMatchFiniteDifferences(int h, int w, int cin, int cout, bool bias)
    {
        var conv = new Conv2D(new FeatureShape(h, w, cin), cout, bias, computeInputGradient: true, name: "pw", kernel: 1);
        conv.Initialize(new Random(11));
        GradientCheck.Layer(conv, batch: 3, seed: 12, eps: 1e-2, tolerance: 1e-2);
    }

    [Theory]
    [InlineData(3, 5, 3, false)]
    [InlineData(5, 4, 19, true)]
    [InlineData(4, 6, 32, false)]
    public void DepthwiseConvGradientsMatchFiniteDifferences(int h, int w, int c, bool bias)
    {
        var conv = new DepthwiseConv2D(new FeatureShape(h, w, c), bias, computeInputGradient: true, name: "dw");
        conv.Initialize(new Random(13));
        if (conv.Bias is not null)
        {
            for (int i = 0; i < c; i++)
            {
                conv.Bias.Value[i] = 0.05f * i;
            }
        }

        GradientCheck.Layer(conv, batch: 3, seed: 14, eps: 1e-2, tolerance: 1e-2);
    }

    [Fact]
    public void DepthwiseConvFiltersEachChannelOnItsOwnWithZeroPadding()
    {
        // Channel 0 has only the centre tap (identity), channel 1 only the top-left tap (value from one row up and one column left).
        var conv = new DepthwiseConv2D(new FeatureShape(3, 3, 2), bias: false, computeInputGradient: false, name: "dw");
        conv.Weights.Value[(4 * 2) + 0] = 1f;
        conv.Weights.Value[(0 * 2) + 1] = 2f;
        var x = new float[18];
        for (int p = 0; p < 9; p++)
        {
            x[2 * p] = p + 1;
            x[2 * p + 1] = 10 * (p + 1);
        }

        var y = new float[18];
        conv.Forward(x, y, 1, training: false, new Workers(1));
        float[] expectedChannel1 = [0, 0, 0, 0, 20, 40, 0, 80, 100];
        for (int p = 0; p < 9; p++)
        {
            Assert.Equal(p + 1, y[2 * p]);
            Assert.Equal(expectedChannel1[p], y[2 * p + 1]);
        }
    }

    [Fact]
    public void BatchNormGradientsMatchFiniteDifferences()
    {
        var bn = new BatchNorm2D(new FeatureShape(3, 4, 19), "bn");
        var random = new Random(5);
        for (int c = 0; c < 19; c++)
        {
            bn.Gamma.Value[c] = (float)(0.5 + random.NextDouble());
            bn.Beta.Value[c] = (float)(random.NextDouble() - 0.5);
        }

        GradientCheck.Layer(bn, batch: 4, seed: 3, inputSampler: r => (float)(r.NextDouble() * 4 - 1), eps: 1e-3, tolerance: 2e-2);
    }

    [Fact]
    public void ReluGradientsMatchFiniteDifferences()
    {
        GradientCheck.Layer(new Relu(new FeatureShape(2, 3, 20)), batch: 2, seed: 4, inputSampler: AwayFromZero);
    }

    [Theory]
    [InlineData(4, 6, 3)]
    [InlineData(5, 4, 32)]
    public void MaxPoolGradientsMatchFiniteDifferences(int h, int w, int c)
    {
        GradientCheck.Layer(new MaxPool2(new FeatureShape(h, w, c)), batch: 2, seed: 6, eps: 1e-4, tolerance: 1e-2);
    }

    [Fact]
    public void GlobalAveragePoolGradientsMatchFiniteDifferences()
    {
        GradientCheck.Layer(new GlobalAveragePool(new FeatureShape(3, 5, 17)), batch: 3, seed: 7);
    }

    [Fact]
    public void MeanMaxPoolGradientsMatchFiniteDifferences()
    {
        GradientCheck.Layer(new MeanMaxPool(new FeatureShape(6, 4, 17)), batch: 3, seed: 8, eps: 1e-4, tolerance: 1e-2);
    }

    [Fact]
    public void MeanMaxPoolAddsTheMeanOfTheMapToTheLoudestFramesBandMean()
    {
        // One channel, 3 frames x 2 bands: frame means 1, 4, 2 -> mean 7/3, max 4.
        var pool = new MeanMaxPool(new FeatureShape(3, 2, 1));
        float[] output = new float[1];
        pool.Forward([0f, 2f, 3f, 5f, 2f, 2f], output, 1, training: false, new Workers(1));
        Assert.Equal(7f / 3f + 4f, output[0], 5);
        float[] gradient = new float[6];
        pool.Backward([0f, 2f, 3f, 5f, 2f, 2f], output, [1f], gradient, 1, new Workers(1));
        float mean = 1f / 6f, max = 1f / 2f;
        Assert.Equal([mean, mean, mean + max, mean + max, mean, mean], gradient);
    }

    [Fact]
    public void DenseGradientsMatchFiniteDifferences()
    {
        var dense = new Dense(new FeatureShape(1, 1, 37), 50, "d");
        dense.Initialize(new Random(8));
        for (int i = 0; i < 50; i++)
        {
            dense.Bias.Value[i] = 0.01f * i;
        }

        GradientCheck.Layer(dense, batch: 11, seed: 9, eps: 1e-2, tolerance: 1e-2);
    }

    [Fact]
    public void SoftmaxCrossEntropyGradientMatchesFiniteDifferences()
    {
        const int batch = 3, classes = 7;
        var random = new Random(10);
        var logits = new float[batch * classes];
        var targets = new float[batch * classes];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)(random.NextDouble() * 6 - 3);
        }

        for (int n = 0; n < batch; n++)
        {
            targets[n * classes + n] = 0.7f;
            targets[n * classes + n + 2] = 0.3f;
        }

        var gradient = new float[logits.Length];
        SoftmaxCrossEntropy.LossAndGradient(logits, targets, gradient, batch, classes);
        var scratch = new float[logits.Length];
        GradientCheck.Compare("logits", logits, gradient, () => SoftmaxCrossEntropy.LossAndGradient(logits, targets, scratch, batch, classes),
            random, eps: 1e-3, tolerance: 1e-3, probes: logits.Length);
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndFollowLogits()
    {
        float[] logits = [1f, 2f, 3f, 1000f, 1000f, -1000f];
        var p = new float[6];
        SoftmaxCrossEntropy.Softmax(logits, p, 3);
        Assert.Equal(1.0, p[0] + p[1] + p[2], 5);
        Assert.True(p[2] > p[1] && p[1] > p[0]);
        Assert.Equal(0.5, p[3], 5);
        Assert.Equal(0.0, p[5], 5);
    }

    [Fact]
    public void DropoutIsIdentityAtInferenceAndScalesSurvivorsInTraining()
    {
        var dropout = new Dropout(new FeatureShape(1, 1, 1000), 0.25, seed: 3);
        var x = new float[1000];
        Array.Fill(x, 2f);
        var y = new float[1000];
        dropout.Forward(x, y, 1, training: false, new Workers(1));
        Assert.All(y, v => Assert.Equal(2f, v));
        dropout.Forward(x, y, 1, training: true, new Workers(1));
        int zeros = y.Count(v => v == 0f);
        Assert.InRange(zeros, 180, 320);
        Assert.All(y, v => Assert.True(v == 0f || Math.Abs(v - 2f / 0.75f) < 1e-5));
        var dx = new float[1000];
        dropout.Backward(x, y, x, dx, 1, new Workers(1));
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(y[i], dx[i], 5);
        }
    }
}
