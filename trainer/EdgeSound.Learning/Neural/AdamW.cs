namespace EdgeSound.Learning.Neural;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter): w -= lr · (m̂ / (sqrt(v̂) + eps) + wd · w), decay only
/// on parameters marked <see cref="Parameter.Decay"/>.
/// </summary>
public sealed class AdamW
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _m;
    private readonly float[][] _v;
    private long _step;

    public AdamW(IReadOnlyList<Parameter> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters;
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _m = new float[parameters.Count][];
        _v = new float[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            _m[i] = new float[parameters[i].Value.Length];
            _v[i] = new float[parameters[i].Value.Length];
        }
    }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public void Step(double learningRate)
    {
        _step++;
        float b1 = (float)Beta1, b2 = (float)Beta2;
        float c1 = (float)(1 - Math.Pow(Beta1, _step));
        float c2 = (float)(1 - Math.Pow(Beta2, _step));
        float lr = (float)learningRate;
        float eps = (float)Epsilon;
        for (int p = 0; p < _parameters.Count; p++)
        {
            Parameter parameter = _parameters[p];
            float[] w = parameter.Value, g = parameter.Gradient, m = _m[p], v = _v[p];
            float decay = parameter.Decay ? (float)(learningRate * WeightDecay) : 0f;
            for (int i = 0; i < w.Length; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                float update = (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
                w[i] -= lr * update + decay * w[i];
            }
        }
    }
}
