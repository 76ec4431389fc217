namespace EdgeSound.Native.Alsa;

/// <summary>Direction of a PCM stream (<c>snd_pcm_stream_t</c>).</summary>
public enum PcmDirection
{
    /// <summary><c>SND_PCM_STREAM_PLAYBACK</c>.</summary>
    Playback = 0,

    /// <summary><c>SND_PCM_STREAM_CAPTURE</c>.</summary>
    Capture = 1,
}

/// <summary>The sample formats the binding supports (<c>snd_pcm_format_t</c> values).</summary>
public enum PcmSampleFormat
{
    /// <summary><c>SND_PCM_FORMAT_S16_LE</c>: signed 16-bit little endian, read into <see cref="short"/> spans.</summary>
    S16LE = 2,

    /// <summary><c>SND_PCM_FORMAT_S24_LE</c>: signed 24-bit samples in the low three bytes of 32-bit little-endian
    /// words, read into <see cref="int"/> spans (the top byte is not reliable: sign-extend from bit 23).</summary>
    S24LE = 6,

    /// <summary><c>SND_PCM_FORMAT_S32_LE</c>: signed 32-bit little endian, read into <see cref="int"/> spans.
    /// I2S MEMS microphones deliver 24 significant bits left-justified in this format.</summary>
    S32LE = 10,
}

/// <summary>PCM state as reported by <c>snd_pcm_state</c>.</summary>
public enum PcmState
{
    /// <summary><c>SND_PCM_STATE_OPEN</c>.</summary>
    Open = 0,

    /// <summary><c>SND_PCM_STATE_SETUP</c>.</summary>
    Setup = 1,

    /// <summary><c>SND_PCM_STATE_PREPARED</c>.</summary>
    Prepared = 2,

    /// <summary><c>SND_PCM_STATE_RUNNING</c>.</summary>
    Running = 3,

    /// <summary><c>SND_PCM_STATE_XRUN</c>: overrun (capture) or underrun (playback).</summary>
    Xrun = 4,

    /// <summary><c>SND_PCM_STATE_DRAINING</c>.</summary>
    Draining = 5,

    /// <summary><c>SND_PCM_STATE_PAUSED</c>.</summary>
    Paused = 6,

    /// <summary><c>SND_PCM_STATE_SUSPENDED</c>.</summary>
    Suspended = 7,

    /// <summary><c>SND_PCM_STATE_DISCONNECTED</c>: the device went away (USB unplugged).</summary>
    Disconnected = 8,
}

/// <summary>
/// What to ask of the hardware: interleaved access is implied. <see cref="PeriodFrames"/> and
/// <see cref="BufferFrames"/> are requests ("near"); 0 keeps the device default.
/// </summary>
/// <param name="Format">Sample format.</param>
/// <param name="Channels">Channel count (exact).</param>
/// <param name="Rate">Sample rate in Hz.</param>
/// <param name="ExactRate">True: fail unless the device runs at exactly <paramref name="Rate"/>
/// (<c>snd_pcm_hw_params_set_rate</c>); false: accept the nearest rate (<c>set_rate_near</c>).</param>
/// <param name="PeriodFrames">Requested period size in frames, 0 for the default.</param>
/// <param name="BufferFrames">Requested buffer size in frames, 0 for the default.</param>
public sealed record PcmHardwareRequest(
    PcmSampleFormat Format,
    int Channels,
    int Rate,
    bool ExactRate = false,
    int PeriodFrames = 0,
    int BufferFrames = 0);

/// <summary>The hardware parameters the device actually accepted (read back after <c>snd_pcm_hw_params</c>).</summary>
/// <param name="Format">Sample format.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="Rate">Actual sample rate in Hz (may differ from the request when the rate was "near").</param>
/// <param name="PeriodFrames">Actual period size in frames.</param>
/// <param name="BufferFrames">Actual ring-buffer size in frames.</param>
public sealed record PcmConfiguration(PcmSampleFormat Format, int Channels, int Rate, int PeriodFrames, int BufferFrames)
{
    /// <summary>Bytes per sample of <see cref="Format"/>.</summary>
    public int BytesPerSample => Format == PcmSampleFormat.S16LE ? 2 : 4;

    /// <summary>Bytes per interleaved frame.</summary>
    public int BytesPerFrame => BytesPerSample * Channels;
}
