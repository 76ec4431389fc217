namespace EdgeSound.Learning.Neural;

/// <summary>
/// Exponential moving average of a network's trained values (Polyak averaging; Polyak and Juditsky 1992). After
/// optimiser step t (from 1) every value w of every <see cref="Parameter"/> updates its average w̄ ← d·w̄ + (1 − d)·w
/// with d = min(decay, (1 + t) / (10 + t)), the warm-up of TensorFlow's <c>ExponentialMovingAverage</c> with
/// <c>num_updates</c>, so early averages are not dominated by the random initialisation. Batch-norm running
/// statistics are not parameters and are not averaged: they must be re-estimated for the averaged weights.
/// </summary>
public sealed class WeightAverage
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _average;
    private readonly double _decay;

    /// <param name="parameters">The values to average, as they are now (the average starts from them).</param>
    /// <param name="decay">d, in (0, 1): the average remembers about 1 / (1 − d) steps.</param>
    /// <exception cref="ArgumentOutOfRangeException">decay outside (0, 1).</exception>
    public WeightAverage(IReadOnlyList<Parameter> parameters, double decay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(decay > 0 && decay < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The weight-average decay must lie in (0, 1).");
        }

        _parameters = parameters;
        _decay = decay;
        _average = [.. parameters.Select(p => (float[])p.Value.Clone())];
    }

    /// <summary>The decay used after step <paramref name="step"/> (from 1): min(decay, (1 + step) / (10 + step)).</summary>
    public double DecayAt(long step) => Math.Min(_decay, (1.0 + step) / (10.0 + step));

    /// <summary>Folds the current values into the average after optimiser step <paramref name="step"/> (from 1).</summary>
    public void Update(long step)
    {
        float d = (float)DecayAt(step);
        for (int p = 0; p < _average.Length; p++)
        {
            float[] average = _average[p];
            float[] value = _parameters[p].Value;
            for (int j = 0; j < value.Length; j++)
            {
                average[j] = (d * average[j]) + ((1 - d) * value[j]);
            }
        }
    }

    /// <summary>Overwrites the parameters' values with their averages.</summary>
    public void CopyToParameters()
    {
        for (int p = 0; p < _average.Length; p++)
        {
            _average[p].CopyTo(_parameters[p].Value, 0);
        }
    }
}
