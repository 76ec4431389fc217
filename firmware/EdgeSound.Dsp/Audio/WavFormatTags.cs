namespace EdgeSound.Dsp.Audio;

/// <summary>WAVE format tags (the fmt chunk's first field, mmreg.h numbering).</summary>
public static class WavFormatTags
{
    public const ushort Pcm = 0x0001;
    public const ushort IeeeFloat = 0x0003;
    public const ushort Extensible = 0xFFFE;

    /// <summary>A readable name for a tag, for error messages.</summary>
    public static string Name(ushort tag) => tag switch
    {
        0x0001 => "PCM",
        0x0002 => "Microsoft ADPCM",
        0x0003 => "IEEE float",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MPEG Layer 3",
        0x00FF => "AAC",
        0x0161 => "Windows Media Audio",
        0xF1AC => "FLAC",
        0xFFFE => "WAVE_FORMAT_EXTENSIBLE",
        _ => "unknown",
    };
}
