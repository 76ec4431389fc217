namespace EdgeSound.Dsp.Audio;

/// <summary>
/// The sample layout a WAV file's fmt chunk declares, after validation: <paramref name="Tag"/> is PCM or IEEE float
/// (the sub-format for WAVE_FORMAT_EXTENSIBLE), <paramref name="BlockAlign"/> = channels x bytes per sample.
/// </summary>
public readonly record struct WavFormat(ushort Tag, int Channels, int SampleRate, int BitsPerSample, int BlockAlign)
{
    /// <summary>
    /// Lowest sample rate read, in Hz: below it a file cannot carry speech-band audio and the rate field is taken to
    /// be damaged (4 kHz is the lowest rate of common telephony and recorder settings).
    /// </summary>
    public const int MinSampleRate = 4000;

    /// <summary>Highest sample rate read, in Hz: 384 kHz, the top rate of current audio interfaces (8 x 48 kHz).</summary>
    public const int MaxSampleRate = 384000;

    /// <summary>Bytes of one sample of one channel.</summary>
    public int BytesPerSample => BitsPerSample / 8;
}
