using Xunit;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Learning.Tests.Neural;

/// <summary>
/// Finite-difference check of a layer: with a fixed random projection r of the output, the scalar
/// L(x, θ) = Σ r · y(x, θ) has dL/dy = r, so Backward(dy = r) must match central differences of L.
/// </summary>
internal static class GradientCheck
{
    public static void Layer(Layer layer, int batch, int seed, Func<Random, float>? inputSampler = null, double eps = 1e-2, double tolerance = 2e-2, int probes = 40)
    {
        var random = new Random(seed);
        var workers = new Workers(2);
        var x = new float[batch * layer.InputShape.Size];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = inputSampler?.Invoke(random) ?? (float)(random.NextDouble() * 2 - 1);
        }

        var r = new float[batch * layer.OutputShape.Size];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var y = new float[r.Length];
        layer.Forward(x, y, batch, training: true, workers);
        var dx = new float[x.Length];
        layer.Backward(x, y, r, dx, batch, workers);
        var paramGrads = new List<float[]>();
        foreach (Parameter p in layer.Parameters)
        {
            paramGrads.Add((float[])p.Gradient.Clone());
        }

        double Loss()
        {
            var yy = new float[r.Length];
            layer.Forward(x, yy, batch, training: true, workers);
            double s = 0;
            for (int i = 0; i < r.Length; i++)
            {
                s += (double)r[i] * yy[i];
            }

            return s;
        }

        Compare("input", x, dx, Loss, random, eps, tolerance, probes);
        for (int p = 0; p < layer.Parameters.Count; p++)
        {
            Compare(layer.Parameters[p].Name, layer.Parameters[p].Value, paramGrads[p], Loss, random, eps, tolerance, probes);
        }
    }

    public static void Compare(string what, float[] values, float[] analytic, Func<double> loss, Random random, double eps, double tolerance, int probes)
    {
        int count = Math.Min(probes, values.Length);
        for (int t = 0; t < count; t++)
        {
            int i = values.Length <= probes ? t : random.Next(values.Length);
            float saved = values[i];
            values[i] = (float)(saved + eps);
            double plus = loss();
            values[i] = (float)(saved - eps);
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * eps);
            double error = Math.Abs(numeric - analytic[i]);
            double scale = Math.Max(1.0, Math.Abs(numeric) + Math.Abs(analytic[i]));
            Assert.True(error <= tolerance * scale, $"{what}[{i}]: analytic {analytic[i]} vs numeric {numeric}");
        }
    }
}
