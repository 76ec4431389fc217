using EdgeSound.Native.Alsa.Interop;

namespace EdgeSound.Native.Alsa;

/// <summary>
/// One ALSA PCM stream (<c>snd_pcm_t</c>) in blocking mode with interleaved read/write access.
/// Not thread-safe: one thread opens, configures, reads or writes and disposes it.
/// </summary>
/// <remarks>
/// Typical capture loop: <see cref="Open"/>, <see cref="Configure"/>, then <see cref="Read(Span{short})"/> in a loop;
/// a negative result is an ALSA error code to hand to <see cref="Recover"/>.
/// </remarks>
public sealed unsafe class AlsaPcm : IDisposable
{
    private const int EPIPE = 32;
    private readonly SafePcmHandle _handle;

    private AlsaPcm(SafePcmHandle handle, string device, PcmDirection direction)
    {
        _handle = handle;
        Device = device;
        Direction = direction;
    }

    /// <summary>The device name given to <see cref="Open"/> (for example "default", "hw:1,0", "null").</summary>
    public string Device { get; }

    /// <summary>Capture or playback.</summary>
    public PcmDirection Direction { get; }

    /// <summary>The accepted hardware parameters, or null before <see cref="Configure"/>.</summary>
    public PcmConfiguration? Configuration { get; private set; }

    /// <summary>The current PCM state (<c>snd_pcm_state</c>).</summary>
    public PcmState State => (PcmState)LibAsound.State(_handle);

    /// <summary>The run-time version of alsa-lib (<c>snd_asoundlib_version</c>), for example "1.2.8".</summary>
    public static string LibraryVersion
    {
        get
        {
            byte* text = LibAsound.AsoundlibVersion();
            return text is null ? string.Empty : System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
        }
    }

    /// <summary>Opens a PCM device in blocking mode (<c>snd_pcm_open</c>).</summary>
    /// <exception cref="AlsaException">The device does not exist or cannot be opened; the message names it.</exception>
    public static AlsaPcm Open(string device, PcmDirection direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        int rc = LibAsound.PcmOpen(out nint pcm, device, (int)direction, 0);
        if (rc < 0)
        {
            throw new AlsaException(device, $"open {DirectionName(direction)}", rc, LibAsound.ErrorText(rc));
        }

        return new AlsaPcm(new SafePcmHandle(pcm), device, direction);
    }

    /// <summary>
    /// Sets interleaved access, format, channels, rate, period and buffer size, installs them
    /// (<c>snd_pcm_hw_params</c>, which also prepares the stream) and reads back what the device accepted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A request value is not positive.</exception>
    /// <exception cref="AlsaException">The device rejected a parameter; the message names it.</exception>
    public PcmConfiguration Configure(PcmHardwareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Channels, 1, nameof(request.Channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Rate, 1, nameof(request.Rate));
        ArgumentOutOfRangeException.ThrowIfNegative(request.PeriodFrames, nameof(request.PeriodFrames));
        ArgumentOutOfRangeException.ThrowIfNegative(request.BufferFrames, nameof(request.BufferFrames));
        if (!Enum.IsDefined(request.Format))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Format, "Format must be S16LE, S24LE or S32LE.");
        }

        Check(LibAsound.HwParamsMalloc(out nint parameters), "allocate hw params");
        try
        {
            Check(LibAsound.HwParamsAny(_handle, parameters), "read hw params");
            Check(LibAsound.HwParamsSetAccess(_handle, parameters, LibAsound.AccessRwInterleaved), "set interleaved access");
            Check(LibAsound.HwParamsSetFormat(_handle, parameters, (int)request.Format), $"set format {request.Format}");
            Check(LibAsound.HwParamsSetChannels(_handle, parameters, (uint)request.Channels), $"set {request.Channels} channels");
            if (request.ExactRate)
            {
                Check(LibAsound.HwParamsSetRate(_handle, parameters, (uint)request.Rate, 0), $"set exact rate {request.Rate} Hz");
            }
            else
            {
                uint rate = (uint)request.Rate;
                int dir = 0;
                Check(LibAsound.HwParamsSetRateNear(_handle, parameters, ref rate, ref dir), $"set rate near {request.Rate} Hz");
            }

            if (request.PeriodFrames > 0)
            {
                nuint period = (nuint)request.PeriodFrames;
                int dir = 0;
                Check(LibAsound.HwParamsSetPeriodSizeNear(_handle, parameters, ref period, ref dir), $"set period near {request.PeriodFrames} frames");
            }

            if (request.BufferFrames > 0)
            {
                nuint buffer = (nuint)request.BufferFrames;
                Check(LibAsound.HwParamsSetBufferSizeNear(_handle, parameters, ref buffer), $"set buffer near {request.BufferFrames} frames");
            }

            Check(LibAsound.HwParamsInstall(_handle, parameters), "install hw params");
            Check(LibAsound.HwParamsGetRate(parameters, out uint actualRate, out _), "get rate");
            Check(LibAsound.HwParamsGetPeriodSize(parameters, out nuint actualPeriod, out _), "get period size");
            Check(LibAsound.HwParamsGetBufferSize(parameters, out nuint actualBuffer), "get buffer size");
            Configuration = new PcmConfiguration(request.Format, request.Channels, (int)actualRate, (int)actualPeriod, (int)actualBuffer);
            return Configuration;
        }
        finally
        {
            LibAsound.HwParamsFree(parameters);
        }
    }

    /// <summary>
    /// Reads interleaved S16_LE frames (<c>snd_pcm_readi</c>); <paramref name="samples"/>.Length must be a multiple of
    /// the channel count. Blocks until the frames are read.
    /// </summary>
    /// <returns>Frames read (&gt;= 0), or a negative ALSA error code (-EPIPE overrun, -ESTRPIPE suspended, ...) to
    /// pass to <see cref="Recover"/>.</returns>
    public int Read(Span<short> samples)
    {
        int frames = FramesFor(samples.Length, PcmSampleFormat.S16LE, PcmDirection.Capture);
        fixed (short* p = samples)
        {
            return (int)LibAsound.ReadInterleaved(_handle, p, (nuint)frames);
        }
    }

    /// <summary>Reads interleaved S32_LE or S24_LE frames (32-bit words); see <see cref="Read(Span{short})"/>.</summary>
    public int Read(Span<int> samples)
    {
        int frames = FramesFor(samples.Length, Configuration?.Format == PcmSampleFormat.S24LE ? PcmSampleFormat.S24LE : PcmSampleFormat.S32LE, PcmDirection.Capture);
        fixed (int* p = samples)
        {
            return (int)LibAsound.ReadInterleaved(_handle, p, (nuint)frames);
        }
    }

    /// <summary>
    /// Writes interleaved S16_LE frames (<c>snd_pcm_writei</c>); blocks until they are queued.
    /// </summary>
    /// <returns>Frames written (&gt;= 0), or a negative ALSA error code (-EPIPE underrun, ...) for <see cref="Recover"/>.</returns>
    public int Write(ReadOnlySpan<short> samples)
    {
        int frames = FramesFor(samples.Length, PcmSampleFormat.S16LE, PcmDirection.Playback);
        fixed (short* p = samples)
        {
            return (int)LibAsound.WriteInterleaved(_handle, p, (nuint)frames);
        }
    }

    /// <summary>Writes interleaved S32_LE or S24_LE frames (32-bit words); see <see cref="Write(ReadOnlySpan{short})"/>.</summary>
    public int Write(ReadOnlySpan<int> samples)
    {
        int frames = FramesFor(samples.Length, Configuration?.Format == PcmSampleFormat.S24LE ? PcmSampleFormat.S24LE : PcmSampleFormat.S32LE, PcmDirection.Playback);
        fixed (int* p = samples)
        {
            return (int)LibAsound.WriteInterleaved(_handle, p, (nuint)frames);
        }
    }

    /// <summary>
    /// Recovers from an error returned by Read/Write (<c>snd_pcm_recover</c>: re-prepares after an xrun, resumes after
    /// a suspend, ignores -EINTR).
    /// </summary>
    /// <param name="error">The negative code Read/Write returned.</param>
    /// <returns>True when the error was an xrun (-EPIPE: capture overrun, playback underrun), false otherwise.</returns>
    /// <exception cref="AlsaException">The error cannot be recovered (for example the device was unplugged).</exception>
    public bool Recover(int error)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(error, 0);
        int rc = LibAsound.Recover(_handle, error, 1);
        if (rc < 0)
        {
            throw new AlsaException(Device, $"recover from '{LibAsound.ErrorText(error)}'", rc, LibAsound.ErrorText(rc));
        }

        return error == -EPIPE;
    }

    /// <summary>Prepares the stream for use (<c>snd_pcm_prepare</c>), for example after <see cref="Drop"/>.</summary>
    public void Prepare() => Check(LibAsound.Prepare(_handle), "prepare");

    /// <summary>Starts the stream explicitly (<c>snd_pcm_start</c>); Read/Write also start it implicitly.</summary>
    public void Start() => Check(LibAsound.Start(_handle), "start");

    /// <summary>Stops at once, discarding pending frames (<c>snd_pcm_drop</c>).</summary>
    public void Drop() => Check(LibAsound.Drop(_handle), "drop");

    /// <summary>Stops after pending playback frames have been played (<c>snd_pcm_drain</c>).</summary>
    public void Drain() => Check(LibAsound.Drain(_handle), "drain");

    /// <summary>Closes the device (<c>snd_pcm_close</c>).</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>snd_strerror's text for an ALSA error code (for logging a Read/Write result).</summary>
    public static string ErrorMessage(int error) => LibAsound.ErrorText(error);

    private static string DirectionName(PcmDirection direction) =>
        direction == PcmDirection.Capture ? "capture" : "playback";

    private int FramesFor(int samples, PcmSampleFormat format, PcmDirection direction)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        PcmConfiguration configuration = Configuration
            ?? throw new InvalidOperationException($"ALSA device '{Device}': call Configure before reading or writing.");
        if (Direction != direction)
        {
            throw new InvalidOperationException($"ALSA device '{Device}' is open for {DirectionName(Direction)}, not {DirectionName(direction)}.");
        }

        if (configuration.Format != format)
        {
            throw new ArgumentException(
                $"ALSA device '{Device}' is configured for {configuration.Format}; use a span of {(configuration.Format == PcmSampleFormat.S16LE ? "short" : "int")}.");
        }

        if (samples % configuration.Channels != 0)
        {
            throw new ArgumentException(
                $"ALSA device '{Device}': buffer of {samples} samples is not a whole number of {configuration.Channels}-channel frames.");
        }

        return samples / configuration.Channels;
    }

    private void Check(int rc, string operation)
    {
        if (rc < 0)
        {
            throw new AlsaException(Device, operation, rc, LibAsound.ErrorText(rc));
        }
    }
}
