namespace EdgeSound.Native.Alsa;

/// <summary>
/// Plays 16-bit mono PCM on one ALSA playback device: an <see cref="AlsaPcm"/> (SafeHandle-owned <c>snd_pcm_t</c>)
/// opened for playback and configured S16_LE, one channel, at the nearest rate the device takes. <see cref="Play"/>
/// writes period by period in blocking mode (<c>snd_pcm_writei</c>), recovers from underruns with
/// <c>snd_pcm_recover</c> (counted in <see cref="Underruns"/>) and waits until the device has played everything
/// (<c>snd_pcm_drain</c>). Not thread-safe: one thread plays at a time.
/// </summary>
public sealed class AlsaPlayback : IDisposable
{
    private readonly AlsaPcm _pcm;
    private readonly int _period;

    private AlsaPlayback(AlsaPcm pcm, PcmConfiguration configuration)
    {
        _pcm = pcm;
        Configuration = configuration;
        _period = Math.Max(1, configuration.PeriodFrames);
    }

    /// <summary>The device name given to <see cref="Open"/>.</summary>
    public string Device => _pcm.Device;

    /// <summary>What the device accepted; <see cref="PcmConfiguration.Rate"/> is the rate to render at, Hz.</summary>
    public PcmConfiguration Configuration { get; }

    /// <summary>Underruns recovered since the device was opened (the writer fell behind the hardware).</summary>
    public int Underruns { get; private set; }

    /// <summary>
    /// Opens <paramref name="device"/> for playback of S16_LE mono near <paramref name="rate"/> Hz, with periods of
    /// about <paramref name="periodMs"/> ms and a buffer of four periods.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">rate or periodMs is not positive.</exception>
    /// <exception cref="AlsaException">the device does not exist, is busy or rejects the format; the message names it.</exception>
    public static AlsaPlayback Open(string device, int rate, int periodMs = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodMs, 1);
        var pcm = AlsaPcm.Open(device, PcmDirection.Playback);
        try
        {
            int period = Math.Max(1, rate * periodMs / 1000);
            PcmConfiguration configuration = pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 1, rate, ExactRate: false, period, 4 * period));
            return new AlsaPlayback(pcm, configuration);
        }
        catch
        {
            pcm.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Plays <paramref name="samples"/> (mono, at <see cref="PcmConfiguration.Rate"/>) to the end and returns when the
    /// device has played them; on cancellation it stops at once (<c>snd_pcm_drop</c>) and throws.
    /// </summary>
    /// <exception cref="AlsaException">an error other than an underrun, or one recovery cannot mend (device unplugged).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    public void Play(ReadOnlySpan<short> samples, CancellationToken cancel = default)
    {
        if (_pcm.State is PcmState.Setup or PcmState.Xrun)
        {
            _pcm.Prepare();
        }

        int written = 0;
        while (written < samples.Length)
        {
            if (cancel.IsCancellationRequested)
            {
                _pcm.Drop();
                cancel.ThrowIfCancellationRequested();
            }

            int rc = _pcm.Write(samples.Slice(written, Math.Min(_period, samples.Length - written)));
            if (rc < 0)
            {
                Underruns += _pcm.Recover(rc) ? 1 : 0;
                continue;
            }

            written += rc;
        }

        _pcm.Drain();
    }

    /// <summary>Closes the device.</summary>
    public void Dispose() => _pcm.Dispose();
}
