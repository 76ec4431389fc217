using System.Globalization;
using EdgeSound.Daemon.Audio;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The one-line bring-up verdict of <c>--check-audio</c> and the likely fix, from the statistics of every captured
/// channel. Checked in this order, the first that applies wins: no signal on any channel; the configured channel
/// silent while another carries sound (the microphone answers in the other I2S slot); 24-bit samples in the low bits
/// of 32-bit words; only noise (loud, white: a floating data line, whose random bits also reach full scale); clipping; very quiet; a large DC offset; OK.
/// </summary>
public static class AudioVerdict
{
    /// <summary>Share of zero samples above which a channel counts as silent.</summary>
    public const double SilentZeroFraction = 0.99;

    /// <summary>RMS level (dBFS) above which structureless noise cannot be a microphone's self-noise.</summary>
    public const double NoiseOnlyMinDbfs = -40;

    /// <summary>Largest lag-1 correlation of "only noise" (white noise: 0; sound from a microphone at 16-48 kHz: above 0.5).</summary>
    public const double NoiseOnlyMaxLag1 = 0.2;

    /// <summary>RMS level (dBFS) below which the input is judged very quiet.</summary>
    public const double VeryQuietDbfs = -80;

    /// <summary>DC offset (fraction of full scale) above which it is reported.</summary>
    public const double LargeDcOffset = 0.05;

    /// <summary>Judges the capture.</summary>
    /// <param name="channels">Statistics of every captured channel (one for a file).</param>
    /// <param name="channel">The channel the daemon listens to (<c>audio:channel</c>).</param>
    /// <param name="low24">The low-bit check of 32-bit words, or null when it does not apply.</param>
    /// <param name="gateDbfs">The detection gate (<c>detection:gate_dbfs</c>).</param>
    /// <param name="source">The device or file, as named in advice.</param>
    public static string Judge(IReadOnlyList<AudioStats> channels, int channel, Low24BitCheck? low24, double gateDbfs, string source)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = channels[channel];
        if (s.ZeroFraction > SilentZeroFraction)
        {
            var other = Enumerable.Range(0, channels.Count).FirstOrDefault(c => c != channel && channels[c].ZeroFraction < 0.5, -1);
            return other < 0
                ? "NO SIGNAL: all samples are zero: check the data wire (SD/DOUT to pin 38), the clocks (BCLK pin 12, WS pin 35), that the overlay is loaded (arecord -l) and audio:input"
                : string.Format(inv, "ONE CHANNEL SILENT: channel {0} is all zeros but channel {1} carries sound: set audio:channel: {1}, or tie the microphone's L/R (SEL) pin to {2}", channel, other, channel == 0 ? "GND (left slot)" : "3V3 (right slot)");
        }

        if (low24 is { LooksLikeLow24: true })
        {
            return string.Format(inv, "24-BIT SAMPLES IN THE LOW BITS: {0} (level would be {1:0.0} dBFS RMS)", low24.Advice(source), s.RmsDbfs + Low24BitCheck.LossDb);
        }

        if (s.RmsDbfs > NoiseOnlyMinDbfs && Math.Abs(s.Lag1Correlation) < NoiseOnlyMaxLag1)
        {
            return string.Format(inv, "ONLY NOISE: loud white noise ({0:0.0} dBFS, no sound structure): the data line is probably floating or the word clock is wrong: check SD/DOUT on pin 38, WS on pin 35, and that L/R (SEL) is tied, not floating", s.RmsDbfs);
        }

        if (s.Clipped > 0)
        {
            return string.Format(inv, "CLIPPING: {0} samples at full scale: lower audio:gain_db or the input volume, or move the microphone away from the source", s.Clipped);
        }

        if (s.RmsDbfs < VeryQuietDbfs)
        {
            return string.Format(inv, "VERY QUIET ({0:0.0} dBFS): check the microphone's power (3V3 pin 1) and audio:channel; a 24-bit microphone read as s16_le loses its low bits", s.RmsDbfs);
        }

        if (Math.Abs(s.DcOffset) > LargeDcOffset)
        {
            return string.Format(inv, "LARGE DC OFFSET ({0:+0.000;-0.000} of full scale): keep audio:dc_removal on (the SPH0645 has one); a large offset with little sound means a poor ground", s.DcOffset);
        }

        return s.RmsDbfs > gateDbfs ? "OK (above the detection gate)" : "OK (room is below the detection gate: silence costs nothing)";
    }
}
