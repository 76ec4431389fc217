using EdgeSound.Daemon.Configuration;
using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// Blocking reads from the configured ALSA capture device (<c>audio:*</c>), conditioned exactly as live capture is
/// (<see cref="SampleConditioner"/>: channel pick, gain, DC removal, 16 kHz), one period per call, on the caller's
/// thread: for one-shot measurements such as <c>--self-test</c>. Overruns are recovered.
/// </summary>
public sealed class ConditionedCapture : IDisposable
{
    private readonly AlsaPcm _pcm;
    private readonly SampleConditioner _conditioner;
    private readonly CaptureFormat _format;
    private readonly int[] _ints;
    private readonly short[] _shorts;

    /// <exception cref="AlsaException">the device cannot be opened or configured; the message names it.</exception>
    public ConditionedCapture(AudioOptions options)
    {
        _pcm = AlsaPcm.Open(options.Input, PcmDirection.Capture);
        try
        {
            Configuration = _pcm.Configure(AlsaCaptureSource.Request(options));
        }
        catch
        {
            _pcm.Dispose();
            throw;
        }

        var frames = Math.Max(1, Configuration.PeriodFrames);
        _format = CaptureFormats.Parse(options.Format);
        _conditioner = new SampleConditioner(Configuration.Rate, Configuration.Channels, options.Channel, options.GainDb, options.DcRemoval, frames);
        _ints = _format == CaptureFormat.S16LE ? [] : new int[frames * Configuration.Channels];
        _shorts = _format == CaptureFormat.S16LE ? new short[frames * Configuration.Channels] : [];
        MaxOutput = _conditioner.MaxOutput(frames);
    }

    /// <summary>What the device accepted.</summary>
    public PcmConfiguration Configuration { get; }

    /// <summary>Most 16 kHz samples one <see cref="Read"/> returns.</summary>
    public int MaxOutput { get; }

    /// <summary>Reads one period; writes its 16 kHz mono samples to <paramref name="output"/> (at least <see cref="MaxOutput"/> long) and returns their count.</summary>
    /// <exception cref="AlsaException">an error recovery cannot mend.</exception>
    public int Read(Span<short> output)
    {
        while (true)
        {
            var rc = _format == CaptureFormat.S16LE ? _pcm.Read(_shorts) : _pcm.Read(_ints);
            if (rc < 0)
            {
                _pcm.Recover(rc);
                continue;
            }

            var n = rc * Configuration.Channels;
            return _format == CaptureFormat.S16LE
                ? _conditioner.Process(_shorts.AsSpan(0, n), output)
                : _conditioner.Process(_ints.AsSpan(0, n), _format, output);
        }
    }

    public void Dispose() => _pcm.Dispose();
}
