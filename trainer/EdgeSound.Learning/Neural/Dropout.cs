namespace EdgeSound.Learning.Neural;

/// <summary>
/// Inverted dropout: in training each value is zeroed with probability <see cref="Rate"/> and the survivors are
/// scaled by 1 / (1 - Rate); at inference it is the identity (and is left out of the exported graph).
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Random _random;
    private float[] _mask = [];

    public Dropout(FeatureShape shape, double rate, int seed)
        : base(shape, shape)
    {
        if (rate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout rate must be in [0, 1).");
        }

        Rate = rate;
        _random = new Random(seed);
    }

    public double Rate { get; }

    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        int count = batch * InputShape.Size;
        if (!training || Rate == 0)
        {
            input.AsSpan(0, count).CopyTo(output);
            return;
        }

        if (_mask.Length < count)
        {
            _mask = new float[count];
        }

        float keep = (float)(1.0 / (1.0 - Rate));
        for (int i = 0; i < count; i++)
        {
            _mask[i] = _random.NextDouble() < Rate ? 0f : keep;
            output[i] = input[i] * _mask[i];
        }
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        if (inputGradient is null)
        {
            return;
        }

        int count = batch * InputShape.Size;
        if (Rate == 0)
        {
            outputGradient.AsSpan(0, count).CopyTo(inputGradient);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            inputGradient[i] = outputGradient[i] * _mask[i];
        }
    }
}
