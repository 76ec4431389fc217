namespace EdgeSound.Native.Alsa;

/// <summary>
/// An ALSA call failed. <see cref="ErrorCode"/> is the negative errno alsa-lib returned and the message
/// carries <c>snd_strerror</c>'s text together with the device name and the operation.
/// </summary>
public sealed class AlsaException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AlsaException(string device, string operation, int errorCode, string alsaMessage)
        : base($"ALSA device '{device}': {operation} failed: {alsaMessage} (error {errorCode})")
    {
        Device = device;
        Operation = operation;
        ErrorCode = errorCode;
        AlsaMessage = alsaMessage;
    }

    /// <summary>The PCM device name as given to <c>snd_pcm_open</c>.</summary>
    public string Device { get; }

    /// <summary>The failing operation, for example "open capture" or "set rate 16000 Hz".</summary>
    public string Operation { get; }

    /// <summary>The negative errno returned by alsa-lib (for example -2 for an unknown PCM name).</summary>
    public int ErrorCode { get; }

    /// <summary><c>snd_strerror(ErrorCode)</c>.</summary>
    public string AlsaMessage { get; }
}
