using System.Globalization;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;
using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Hosting;

/// <summary>Statistics of a captured stretch of audio (raw, before DC removal and gain).</summary>
public sealed record AudioStats(long Samples, double RmsDbfs, double PeakDbfs, double DcOffset, long Clipped, double ZeroFraction)
{
    /// <summary>Computes the statistics of samples scaled to [-1, 1).</summary>
    public static AudioStats Of(ReadOnlySpan<float> x)
    {
        double sum = 0, sumSq = 0, peak = 0;
        long clipped = 0, zeros = 0;
        foreach (var v in x)
        {
            sum += v;
            sumSq += v * (double)v;
            var a = Math.Abs(v);
            peak = Math.Max(peak, a);
            if (a >= 0.999f)
            {
                clipped++;
            }

            if (v == 0)
            {
                zeros++;
            }
        }

        var n = Math.Max(1, x.Length);
        var mean = sum / n;
        var variance = Math.Max(0, (sumSq / n) - (mean * mean));
        return new AudioStats(x.Length, Db(variance), Db(peak * peak), mean, clipped, zeros / (double)n);
    }

    private static double Db(double power) => power <= 1e-12 ? -120 : 10 * Math.Log10(power);
}

/// <summary>
/// <c>--check-audio</c>: records a few seconds (or reads them from a WAV file) and reports format, level, DC offset and
/// clipping, with one verdict. 24-bit samples in the low bits of s32_le words (<see cref="Low24BitCheck"/>) are named
/// as such rather than as a quiet channel. Exit 0 when it could listen, 1 when the device failed, 2 for a bad input path.
/// </summary>
public static class AudioCheck
{
    public static int Run(DaemonOptions o, TextWriter output, TextWriter error)
    {
        var input = o.Audio.Input;
        float[] samples;
        string format;
        Low24BitCheck? low24 = null;
        try
        {
            if (Directory.Exists(input))
            {
                throw new IOException($"{input}: is a directory, not a WAV file or an ALSA device");
            }

            if (File.Exists(input) || DaemonApp.LooksLikePath(input))
            {
                (samples, format) = ReadFile(input, o.Audio.CheckSeconds);
            }
            else
            {
                (samples, format, low24) = Record(o.Audio);
            }
        }
        catch (AlsaException e)
        {
            output.WriteLine($"audio check failed: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine($"edgesound: input error: {e.Message}");
            return 2;
        }

        var s = AudioStats.Of(samples);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(format);
        output.WriteLine(string.Format(inv, "samples: {0} ({1:0.00} s)", s.Samples, o.Audio.CheckSeconds));
        output.WriteLine(string.Format(inv, "level: {0:0.0} dBFS RMS, peak {1:0.0} dBFS", s.RmsDbfs, s.PeakDbfs));
        output.WriteLine(string.Format(inv, "dc offset: {0:+0.00000;-0.00000;0} of full scale", s.DcOffset));
        output.WriteLine(string.Format(inv, "clipped samples: {0}", s.Clipped));
        var verdict = s.ZeroFraction > 0.99 ? "NO SIGNAL: all samples are zero (wrong device, channel or muted input?)"
            : low24 is { LooksLikeLow24: true } ? string.Format(inv, "24-BIT SAMPLES IN THE LOW BITS: {0} (level would be {1:0.0} dBFS RMS)", low24.Advice("ALSA " + input), s.RmsDbfs + Low24BitCheck.LossDb)
            : s.Clipped > 0 ? "CLIPPING: lower audio:gain_db or the input volume"
            : s.RmsDbfs < -80 ? "VERY QUIET: check the microphone and audio:channel"
            : Math.Abs(s.DcOffset) > 0.05 ? "LARGE DC OFFSET: keep audio:dc_removal on"
            : s.RmsDbfs > o.Detection.GateDbfs ? "OK (above the detection gate)"
            : "OK (room is below the detection gate: silence costs nothing)";
        output.WriteLine("verdict: " + verdict);
        return 0;
    }

    private static (float[] Samples, string Format) ReadFile(string path, double seconds)
    {
        using var reader = WavStreamReader.Open(path);
        var samples = new float[(int)Math.Min(seconds * reader.SampleRate, reader.FrameCount ?? long.MaxValue)];
        var got = 0;
        int n;
        while (got < samples.Length && (n = reader.Read(samples.AsSpan(got))) > 0)
        {
            got += n;
        }

        var warnings = reader.Warnings.Count == 0 ? "" : " (header: " + string.Join("; ", reader.Warnings) + ")";
        return (samples[..got], $"WAV file {path}: {reader.SampleRate} Hz (downmixed to mono){warnings}");
    }

    private static (float[] Samples, string Format, Low24BitCheck? Low24) Record(AudioOptions a)
    {
        using var pcm = AlsaPcm.Open(a.Input, PcmDirection.Capture);
        var config = pcm.Configure(AlsaCaptureSource.Request(a));
        var captureFormat = CaptureFormats.Parse(a.Format);
        var total = (int)(a.CheckSeconds * config.Rate);
        var samples = new float[total];
        var frames = Math.Max(1, config.PeriodFrames);
        var ints = new int[frames * config.Channels];
        var shorts = new short[frames * config.Channels];
        var words = captureFormat != CaptureFormat.S16LE;
        var low24 = captureFormat == CaptureFormat.S32LE ? new Low24BitCheck() : null;
        var got = 0;
        var overruns = 0;
        while (got < total)
        {
            var rc = words ? pcm.Read(ints) : pcm.Read(shorts);
            if (rc < 0)
            {
                overruns += pcm.Recover(rc) ? 1 : 0;
                continue;
            }

            var take = Math.Min(rc, total - got);
            low24?.Add(ints.AsSpan(0, take * config.Channels), a.Channel, config.Channels);
            for (var i = 0; i < take; i++)
            {
                var j = (i * config.Channels) + a.Channel;
                samples[got++] = captureFormat switch
                {
                    CaptureFormat.S32LE => ints[j] / 2147483648f,
                    CaptureFormat.S24LE => (ints[j] << 8 >> 8) / 8388608f,
                    _ => shorts[j] / 32768f,
                };
            }
        }

        var format = string.Format(CultureInfo.InvariantCulture, "ALSA {0}: {1} {2} ch {3} Hz (channel {4}), period {5}, buffer {6} frames, {7} overruns",
            a.Input, config.Format, config.Channels, config.Rate, a.Channel, config.PeriodFrames, config.BufferFrames, overruns);
        return (samples, format, low24);
    }
}
