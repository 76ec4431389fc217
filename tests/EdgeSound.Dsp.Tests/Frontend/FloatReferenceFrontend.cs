using System.Numerics;
using EdgeSound.Dsp.Frontend;
using MathNet.Numerics.IntegralTransforms;

namespace EdgeSound.Dsp.Tests.FrontendTests;

/// <summary>
/// The same chain as <see cref="Dsp.Frontend.Frontend"/> in double precision, for accuracy tests and as the speed baseline: the
/// same filters (with the fixed-point coefficients as exact doubles), the exact Hann window, MathNet's FFT, the exact
/// triangle weights, the same noise reduction and log2, and <see cref="LogMelScale.Quantize"/>. Allocates freely;
/// never used on the device.
/// </summary>
public sealed class FloatReferenceFrontend
{
    private readonly FrontendConfig config;
    private readonly double[] hann;
    private readonly double[][] weights;
    private readonly double[] buffer;
    private readonly double[] noise;
    private int filled;
    private double dcPreviousInput;
    private double dcState;
    private double preEmphasisPrevious;

    /// <summary>Builds the reference chain for <paramref name="config"/> (validated first).</summary>
    public FloatReferenceFrontend(FrontendConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        this.config = config;
        hann = new double[config.WindowSamples];
        for (int n = 0; n < hann.Length; n++)
        {
            hann[n] = 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * n / hann.Length));
        }

        weights = MelBandLayout.Weights(config);
        buffer = new double[config.WindowSamples];
        noise = new double[config.MelBands];
    }

    /// <summary>Unrounded, unclipped scale values (<see cref="LogMelScale.Steps"/>) of every frame of a clip, fresh state.</summary>
    public static double[][] ComputeClipSteps(FrontendConfig config, ReadOnlySpan<short> pcm)
    {
        var reference = new FloatReferenceFrontend(config);
        var frames = new List<double[]>();
        foreach (short sample in pcm)
        {
            double[]? frame = reference.Push(sample);
            if (frame is not null)
            {
                frames.Add(frame);
            }
        }

        return frames.ToArray();
    }

    /// <summary>The reference frames of a clip, rounded and clipped to int8 like the fixed-point frontend.</summary>
    public static FrameMatrix ComputeClip(FrontendConfig config, ReadOnlySpan<short> pcm)
    {
        double[][] steps = ComputeClipSteps(config, pcm);
        var data = new sbyte[steps.Length * config.MelBands];
        for (int f = 0; f < steps.Length; f++)
        {
            for (int b = 0; b < config.MelBands; b++)
            {
                data[(f * config.MelBands) + b] = LogMelScale.Quantize(steps[f][b]);
            }
        }

        return new FrameMatrix(steps.Length, config.MelBands, data);
    }

    /// <summary>Feeds one sample; returns the unrounded scale values of a frame when one completes, else null.</summary>
    public double[]? Push(short sample)
    {
        double x = sample;
        if (config.DcRemoval)
        {
            dcState = x - dcPreviousInput + (DcRemoval.PoleQ15 / 32768.0 * dcState);
            dcPreviousInput = x;
            x = dcState;
        }

        if (config.PreEmphasis)
        {
            double y = x - (PreEmphasis.CoefficientQ15 / 32768.0 * preEmphasisPrevious);
            preEmphasisPrevious = x;
            x = y;
        }

        buffer[filled++] = x;
        if (filled < buffer.Length)
        {
            return null;
        }

        double[] frame = ComputeFrame();
        Array.Copy(buffer, config.HopSamples, buffer, 0, buffer.Length - config.HopSamples);
        filled -= config.HopSamples;
        return frame;
    }

    /// <summary>Clears all state.</summary>
    public void Reset()
    {
        Array.Clear(buffer);
        Array.Clear(noise);
        filled = 0;
        dcPreviousInput = 0;
        dcState = 0;
        preEmphasisPrevious = 0;
    }

    private double[] ComputeFrame()
    {
        var spectrum = new Complex[config.FftSize];
        for (int n = 0; n < buffer.Length; n++)
        {
            spectrum[n] = new Complex(buffer[n] * hann[n], 0);
        }

        Fourier.Forward(spectrum, FourierOptions.NoScaling);
        int bins = (config.FftSize / 2) + 1;
        var power = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            power[k] = (spectrum[k].Real * spectrum[k].Real) + (spectrum[k].Imaginary * spectrum[k].Imaginary);
        }

        var steps = new double[config.MelBands];
        for (int b = 0; b < config.MelBands; b++)
        {
            double energy = 0;
            for (int k = 0; k < bins; k++)
            {
                energy += weights[b][k] * power[k];
            }

            if (config.NoiseReduction)
            {
                noise[b] += (energy - noise[b]) / (1 << NoiseReduction.SmoothingShift);
                energy = Math.Max(energy - noise[b], energy / (1 << NoiseReduction.MinRemainingShift));
            }

            steps[b] = LogMelScale.Steps(energy);
        }

        return steps;
    }
}
