using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Audio;

/// <summary>The sample layouts <c>audio:format</c> names for live capture and raw stdin PCM.</summary>
public enum CaptureFormat
{
    /// <summary><c>s16_le</c>: signed 16-bit words, scaled by 2^-15.</summary>
    S16LE,

    /// <summary><c>s24_le</c>: 24-bit samples in the low three bytes of 32-bit words (ALSA S24_LE), sign-extended from bit 23 and scaled by 2^-23.</summary>
    S24LE,

    /// <summary><c>s32_le</c>: signed 32-bit words (24-bit I2S microphones left-justified), scaled by 2^-31.</summary>
    S32LE,
}

/// <summary>Config names and ALSA formats of <see cref="CaptureFormat"/>.</summary>
public static class CaptureFormats
{
    /// <summary>The <c>audio:format</c> values, in the order of <see cref="CaptureFormat"/>.</summary>
    public static readonly string[] Names = ["s16_le", "s24_le", "s32_le"];

    /// <summary>The format for a validated <c>audio:format</c> value.</summary>
    public static CaptureFormat Parse(string name) => (CaptureFormat)Array.IndexOf(Names, name) is var f && Enum.IsDefined(f)
        ? f
        : throw new ArgumentException($"audio:format must be one of {string.Join(", ", Names)}, got '{name}'", nameof(name));

    /// <summary>Bytes of one sample: 2 for <see cref="CaptureFormat.S16LE"/>, else 4 (a 32-bit word).</summary>
    public static int BytesPerSample(CaptureFormat f) => f == CaptureFormat.S16LE ? 2 : 4;

    public static PcmSampleFormat ToAlsa(CaptureFormat f) => f switch
    {
        CaptureFormat.S24LE => PcmSampleFormat.S24LE,
        CaptureFormat.S32LE => PcmSampleFormat.S32LE,
        _ => PcmSampleFormat.S16LE,
    };
}
