namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Band-limited sample-rate conversion by any rational ratio with a Kaiser-windowed sinc (see
/// <see cref="ResamplingKernel"/>: pass band to 0.9 of the lower Nyquist, stop band (>= 80 dB design, >= 60 dB
/// tested) from the lower Nyquist). Output length is ceil(input length * toRate / fromRate); samples outside the
/// input count as zero. <see cref="StreamingResampler"/> runs the same filter on chunks with identical output.
/// </summary>
public static class Resampler
{
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate)
        {
            return input.ToArray();
        }

        var kernel = new ResamplingKernel(fromRate, toRate);
        long outLength = kernel.OutputLength(input.Length);
        if (outLength > Array.MaxLength)
        {
            throw new ArgumentException($"{input.Length} samples at {fromRate} Hz give too many samples at {toRate} Hz", nameof(input));
        }

        // padded[i] = input[i - (H - 1)], zero outside the input.
        int lead = kernel.HalfWidth - 1;
        var padded = new float[lead + input.Length + kernel.Taps + 1];
        input.CopyTo(padded.AsSpan(lead));
        var output = new float[outLength];
        var scratch = new float[kernel.Taps];
        for (long n = 0; n < outLength; n++)
        {
            long start = kernel.FirstInput(n) + lead;
            output[n] = kernel.Apply(n, padded.AsSpan((int)start, kernel.Taps), scratch);
        }

        return output;
    }
}
