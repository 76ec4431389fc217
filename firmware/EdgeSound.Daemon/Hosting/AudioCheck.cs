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

/// <summary><c>--check-audio</c>: records a few seconds and reports format, level, DC offset and clipping.</summary>
public static class AudioCheck
{
    public static int Run(DaemonOptions o, TextWriter output)
    {
        var input = o.Audio.Input;
        float[] samples;
        string format;
        if (File.Exists(input))
        {
            var clip = WavReader.Read(input);
            var n = Math.Min(clip.Samples.Length, (int)(o.Audio.CheckSeconds * clip.SampleRate));
            samples = clip.Samples[..n];
            format = $"WAV file {input}: {clip.SampleRate} Hz (downmixed to mono)";
        }
        else
        {
            try
            {
                (samples, format) = Record(o.Audio);
            }
            catch (AlsaException e)
            {
                output.WriteLine($"audio check failed: {e.Message}");
                return 1;
            }
        }

        var s = AudioStats.Of(samples);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(format);
        output.WriteLine(string.Format(inv, "samples: {0} ({1:0.00} s)", s.Samples, o.Audio.CheckSeconds));
        output.WriteLine(string.Format(inv, "level: {0:0.0} dBFS RMS, peak {1:0.0} dBFS", s.RmsDbfs, s.PeakDbfs));
        output.WriteLine(string.Format(inv, "dc offset: {0:+0.00000;-0.00000;0} of full scale", s.DcOffset));
        output.WriteLine(string.Format(inv, "clipped samples: {0}", s.Clipped));
        var verdict = s.ZeroFraction > 0.99 ? "NO SIGNAL: all samples are zero (wrong device, channel or muted input?)"
            : s.Clipped > 0 ? "CLIPPING: lower audio:gain_db or the input volume"
            : s.RmsDbfs < -80 ? "VERY QUIET: check the microphone and audio:channel"
            : Math.Abs(s.DcOffset) > 0.05 ? "LARGE DC OFFSET: keep audio:dc_removal on"
            : s.RmsDbfs > o.Detection.GateDbfs ? "OK (above the detection gate)"
            : "OK (room is below the detection gate: silence costs nothing)";
        output.WriteLine("verdict: " + verdict);
        return 0;
    }

    private static (float[] Samples, string Format) Record(AudioOptions a)
    {
        using var pcm = AlsaPcm.Open(a.Input, PcmDirection.Capture);
        var config = pcm.Configure(AlsaCaptureSource.Request(a));
        var total = (int)(a.CheckSeconds * config.Rate);
        var samples = new float[total];
        var frames = Math.Max(1, config.PeriodFrames);
        var ints = new int[frames * config.Channels];
        var shorts = new short[frames * config.Channels];
        var s32 = config.Format == PcmSampleFormat.S32LE;
        var got = 0;
        var overruns = 0;
        while (got < total)
        {
            var rc = s32 ? pcm.Read(ints) : pcm.Read(shorts);
            if (rc < 0)
            {
                overruns += pcm.Recover(rc) ? 1 : 0;
                continue;
            }

            for (var i = 0; i < rc && got < total; i++)
            {
                var j = (i * config.Channels) + a.Channel;
                samples[got++] = s32 ? ints[j] / 2147483648f : shorts[j] / 32768f;
            }
        }

        var format = string.Format(CultureInfo.InvariantCulture, "ALSA {0}: {1} {2} ch {3} Hz (channel {4}), period {5}, buffer {6} frames, {7} overruns",
            a.Input, config.Format, config.Channels, config.Rate, a.Channel, config.PeriodFrames, config.BufferFrames, overruns);
        return (samples, format);
    }
}
