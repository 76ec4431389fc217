namespace EdgeSound.Daemon.Audio;

/// <summary>
/// Recognises 24-bit samples sitting in the low bits of 32-bit words (ALSA S24_LE, as some I2S setups deliver them)
/// when they are read as <c>s32_le</c>: every word then fits in 24 signed bits while the low byte is in use, and the
/// signal arrives 2^8 times, i.e. 20 log10(256) = 48.2 dB, too quiet. A 24-bit microphone read correctly as s32_le
/// has its samples left-justified (low byte always zero); digital silence uses no bits at all. Feed it the words
/// of the microphone's channel; it decides after <see cref="MinWords"/> words that are not zero.
/// </summary>
public sealed class Low24BitCheck
{
    /// <summary>Non-zero words needed before <see cref="LooksLikeLow24"/> can be true (0.5 s at 16 kHz).</summary>
    public const int MinWords = 8000;

    /// <summary>dB a low-bit 24-bit sample loses when scaled as a 32-bit one: 20 log10(2^8).</summary>
    public static readonly double LossDb = 20 * Math.Log10(256);

    private long _nonZero;
    private long _lowByteUsed;
    private long _beyond24Bits;

    /// <summary>Words seen that were not zero.</summary>
    public long NonZeroWords => _nonZero;

    /// <summary>True once enough words were seen, none needing more than 24 bits and most using the low byte.</summary>
    public bool LooksLikeLow24 => _nonZero >= MinWords && _beyond24Bits == 0 && _lowByteUsed * 2 > _nonZero;

    /// <summary>Looks at every <paramref name="channels"/>-th word of interleaved words, starting at <paramref name="channel"/>.</summary>
    public void Add(ReadOnlySpan<int> interleaved, int channel, int channels)
    {
        for (var i = channel; i < interleaved.Length; i += channels)
        {
            var w = interleaved[i];
            if (w == 0)
            {
                continue;
            }

            _nonZero++;
            _lowByteUsed += (w & 0xFF) != 0 ? 1 : 0;
            _beyond24Bits += w is < -(1 << 23) or >= 1 << 23 ? 1 : 0;
        }
    }

    /// <summary>The advice to log or print when <see cref="LooksLikeLow24"/>.</summary>
    public string Advice(string device) =>
        $"{device}: the 32-bit samples carry 24-bit values in their low bits (all {_nonZero} non-zero samples fit in 24 bits and {100.0 * _lowByteUsed / Math.Max(1, _nonZero):0}% use the low byte), " +
        $"so read as s32_le they arrive {LossDb:0} dB too quiet; set audio:format: s24_le";
}
