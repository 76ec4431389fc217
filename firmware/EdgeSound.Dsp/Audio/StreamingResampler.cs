namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Chunked sample-rate conversion with the same filter as <see cref="Resampler"/> (for live capture, e.g. 48 kHz
/// to 16 kHz). An output sample is produced once the input it needs has arrived, so output lags input by about
/// H input samples; <see cref="Flush"/> emits the tail (input beyond the end counts as zero). The concatenated
/// outputs of <see cref="Process"/> calls plus <see cref="Flush"/> equal <see cref="Resampler.Resample"/> of the
/// concatenated input, sample for sample. Not thread-safe; allocation happens only in the constructor.
/// NWaves 0.9.6 has no stand-in: its Resampler converts one whole DiscreteSignal per call, restarting the
/// anti-aliasing FIR and the output phase at the chunk's first sample and reading zeros beyond its ends, so chunks
/// resampled one by one differ from the whole at every chunk boundary.
/// </summary>
public sealed class StreamingResampler
{
    private readonly ResamplingKernel? _kernel;
    private readonly float[] _buffer;
    private readonly float[] _rowScratch;
    private long _bufferStart;
    private int _bufferCount;
    private long _inputCount;
    private long _nextOutput;

    public StreamingResampler(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        FromRate = fromRate;
        ToRate = toRate;
        if (fromRate != toRate)
        {
            _kernel = new ResamplingKernel(fromRate, toRate);
            _buffer = new float[_kernel.Taps + 4096];
            _rowScratch = new float[_kernel.Taps];
        }
        else
        {
            _buffer = [];
            _rowScratch = [];
        }

        Reset();
    }

    public int FromRate { get; }

    public int ToRate { get; }

    /// <summary>Output samples one <see cref="Process"/> call may write for this many input samples.</summary>
    public int MaxOutput(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return _kernel is null ? inputLength : checked((int)(_kernel.OutputLength(inputLength) + 1));
    }

    /// <summary>Output samples <see cref="Flush"/> may write.</summary>
    public int MaxFlushOutput => _kernel is null ? 0 : (int)_kernel.OutputLength(_kernel.HalfWidth) + 2;

    /// <summary>Pushes input; writes every output sample that is now complete and returns how many.</summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < MaxOutput(input.Length))
        {
            throw new ArgumentException($"output holds {output.Length} samples; size it with MaxOutput({input.Length}) = {MaxOutput(input.Length)}", nameof(output));
        }

        if (_kernel is null)
        {
            input.CopyTo(output);
            return input.Length;
        }

        int written = 0;
        while (!input.IsEmpty)
        {
            int take = Append(input, zeros: 0);
            input = input[take..];
            _inputCount += take;
            written += Emit(output[written..], long.MaxValue);
        }

        return written;
    }

    /// <summary>Writes the remaining output (treating input past the end as zero) and resets for a new stream.</summary>
    public int Flush(Span<float> output)
    {
        if (_kernel is null)
        {
            Reset();
            return 0;
        }

        long target = _kernel.OutputLength(_inputCount);
        int written = 0;
        while (_nextOutput < target)
        {
            Append(ReadOnlySpan<float>.Empty, zeros: _kernel.HalfWidth + 1);
            written += Emit(output[written..], target);
        }

        Reset();
        return written;
    }

    /// <summary>Forgets all input: the next <see cref="Process"/> starts a new stream.</summary>
    public void Reset()
    {
        _inputCount = 0;
        _nextOutput = 0;
        _bufferStart = 0;
        if (_kernel is not null)
        {
            // Buffer index i holds input sample (_bufferStart + i) - (H - 1); the first H - 1 are the zero lead-in.
            _bufferCount = _kernel.HalfWidth - 1;
            Array.Clear(_buffer, 0, _bufferCount);
        }
    }

    private int Append(ReadOnlySpan<float> input, int zeros)
    {
        long keepFrom = _kernel!.FirstInput(_nextOutput) + _kernel.HalfWidth - 1;
        int drop = (int)Math.Min(_bufferCount, Math.Max(0, keepFrom - _bufferStart));
        if (drop > 0)
        {
            Array.Copy(_buffer, drop, _buffer, 0, _bufferCount - drop);
            _bufferCount -= drop;
            _bufferStart += drop;
        }

        int space = _buffer.Length - _bufferCount;
        if (zeros > 0)
        {
            int z = Math.Min(space, zeros);
            Array.Clear(_buffer, _bufferCount, z);
            _bufferCount += z;
            return z;
        }

        int take = Math.Min(space, input.Length);
        input[..take].CopyTo(_buffer.AsSpan(_bufferCount));
        _bufferCount += take;
        return take;
    }

    private int Emit(Span<float> output, long limit)
    {
        var kernel = _kernel!;
        int written = 0;
        while (_nextOutput < limit)
        {
            long start = kernel.FirstInput(_nextOutput) + kernel.HalfWidth - 1 - _bufferStart;
            if (start + kernel.Taps > _bufferCount)
            {
                break;
            }

            output[written++] = kernel.Apply(_nextOutput, _buffer.AsSpan((int)start, kernel.Taps), _rowScratch);
            _nextOutput++;
        }

        return written;
    }
}
