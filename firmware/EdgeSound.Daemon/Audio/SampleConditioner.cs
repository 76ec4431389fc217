using EdgeSound.Dsp.Audio;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// Turns captured interleaved PCM into the pipeline's 16 kHz mono int16: picks one channel, scales to [-1, 1)
/// (S16: /2^15; S32 with 24 significant bits left-justified: /2^31; S24 in the low bits of 32-bit words: sign-extended
/// from bit 23, /2^23; float from a WAV file as it is), removes DC with a one-pole high-pass
/// (about 5 Hz corner), applies the gain, resamples to 16 kHz and saturates to int16. Push samples in, pull
/// samples out; buffers are sized at construction for chunks up to <c>maxFrames</c>.
/// </summary>
public sealed class SampleConditioner
{
    /// <summary>The pipeline's sample rate in Hz: the rate every model's frontend is fed (<see cref="SoundClassifier.SampleRate"/>).</summary>
    public const int OutputRate = SoundClassifier.SampleRate;

    private const double DcCornerHz = 5.0;

    private readonly int _channels;
    private readonly int _channel;
    private readonly float _gain;
    private readonly bool _dcRemoval;
    private readonly float _pole;
    private readonly StreamingResampler _resampler;
    private readonly float[] _mono;
    private readonly float[] _resampled;
    private float _previousInput;
    private float _previousOutput;

    public SampleConditioner(int inputRate, int channels, int channel, double gainDb, bool dcRemoval, int maxFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        InputRate = inputRate;
        _channels = channels;
        _channel = channel;
        _gain = (float)Math.Pow(10, gainDb / 20);
        _dcRemoval = dcRemoval;
        _pole = (float)Math.Exp(-2 * Math.PI * DcCornerHz / inputRate);
        _resampler = new StreamingResampler(inputRate, OutputRate);
        _mono = new float[maxFrames];
        _resampled = new float[_resampler.MaxOutput(maxFrames)];
        MaxFrames = maxFrames;
    }

    public int InputRate { get; }
    public int MaxFrames { get; }

    /// <summary>Output samples one call may write for <paramref name="frames"/> input frames.</summary>
    public int MaxOutput(int frames) => _resampler.MaxOutput(frames);

    /// <summary>Converts interleaved S16 frames; returns the 16 kHz samples written to <paramref name="output"/>.</summary>
    public int Process(ReadOnlySpan<short> interleaved, Span<short> output)
    {
        var frames = Frames(interleaved.Length);
        for (int i = 0, j = _channel; i < frames; i++, j += _channels)
        {
            _mono[i] = interleaved[j] * (1f / 32768f);
        }

        return Finish(frames, output);
    }

    /// <summary>Converts interleaved S32 frames (24-bit-in-32 included); returns the 16 kHz samples written.</summary>
    public int Process(ReadOnlySpan<int> interleaved, Span<short> output)
    {
        var frames = Frames(interleaved.Length);
        for (int i = 0, j = _channel; i < frames; i++, j += _channels)
        {
            _mono[i] = interleaved[j] * (1f / 2147483648f);
        }

        return Finish(frames, output);
    }

    /// <summary>Converts interleaved S24_LE frames (24-bit samples in the low bits of 32-bit words); returns the 16 kHz samples written.</summary>
    public int ProcessLow24(ReadOnlySpan<int> interleaved, Span<short> output)
    {
        var frames = Frames(interleaved.Length);
        for (int i = 0, j = _channel; i < frames; i++, j += _channels)
        {
            _mono[i] = (interleaved[j] << 8 >> 8) * (1f / 8388608f);
        }

        return Finish(frames, output);
    }

    /// <summary>Converts interleaved words in <paramref name="format"/> (S24LE or S32LE); returns the 16 kHz samples written.</summary>
    public int Process(ReadOnlySpan<int> interleaved, CaptureFormat format, Span<short> output) =>
        format == CaptureFormat.S24LE ? ProcessLow24(interleaved, output) : Process(interleaved, output);

    /// <summary>Converts mono float samples in [-1, 1] (from a WAV file); returns the 16 kHz samples written.</summary>
    public int Process(ReadOnlySpan<float> mono, Span<short> output)
    {
        if (_channels != 1)
        {
            throw new InvalidOperationException("float input is mono; construct the conditioner with one channel");
        }

        var frames = Frames(mono.Length);
        mono[..frames].CopyTo(_mono);
        return Finish(frames, output);
    }

    /// <summary>Output samples <see cref="Flush"/> may write.</summary>
    public int MaxFlushOutput => _resampler.MaxFlushOutput;

    /// <summary>At the end of a stream: writes the resampler's tail (input beyond the end counts as silence).</summary>
    public int Flush(Span<short> output)
    {
        var tail = new float[_resampler.MaxFlushOutput];
        var n = _resampler.Flush(tail);
        Pcm.ToInt16(tail.AsSpan(0, n), output[..n]);
        return n;
    }

    public void Reset()
    {
        _resampler.Reset();
        _previousInput = 0;
        _previousOutput = 0;
    }

    private static void Scale(Span<float> x, float gain)
    {
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var g = new System.Numerics.Vector<float>(gain);
            var w = System.Numerics.Vector<float>.Count;
            for (; i <= x.Length - w; i += w)
            {
                (new System.Numerics.Vector<float>(x[i..]) * g).CopyTo(x[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] *= gain;
        }
    }

    private int Frames(int samples)
    {
        if (samples % _channels != 0)
        {
            throw new ArgumentException($"{samples} samples is not a whole number of {_channels}-channel frames");
        }

        var frames = samples / _channels;
        if (frames > MaxFrames)
        {
            throw new ArgumentException($"{frames} frames exceed the {MaxFrames} this conditioner was sized for");
        }

        return frames;
    }

    private int Finish(int frames, Span<short> output)
    {
        var x = _mono.AsSpan(0, frames);
        if (_dcRemoval)
        {
            var px = _previousInput;
            var py = _previousOutput;
            for (var i = 0; i < x.Length; i++)
            {
                var v = x[i];
                py = v - px + (_pole * py);
                px = v;
                x[i] = py;
            }

            _previousInput = px;
            _previousOutput = py;
        }

        if (_gain != 1f)
        {
            Scale(x, _gain);
        }

        var n = _resampler.Process(x, _resampled);
        Pcm.ToInt16(_resampled.AsSpan(0, n), output[..n]);
        return n;
    }
}
