using System.Globalization;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;
using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// <c>--check-audio</c>: records a few seconds (or reads them from a WAV file) and reports format, level, DC offset and
/// clipping for every channel, with one verdict and its likely fix (<see cref="AudioVerdict"/>). The duration printed is
/// that of the samples actually read (a file shorter than <c>audio:check_seconds</c> gives its own). It checks a capture
/// device or a file, not stdin: <c>--input -</c> is refused in one line. Exit 0 when it could listen, 1 when the device
/// failed, 2 for a bad input path or stdin.
/// </summary>
public static class AudioCheck
{
    public static int Run(DaemonOptions o, TextWriter output, TextWriter error)
    {
        var input = o.Audio.Input;
        float[][] channels;
        string format;
        int rate;
        Low24BitCheck? low24 = null;
        if (input == "-")
        {
            error.WriteLine("edgesound: input error: -: --check-audio checks a capture device or a WAV file, not stdin: give --input a device (e.g. hw:1,0) or a file");
            return 2;
        }

        try
        {
            if (Directory.Exists(input))
            {
                throw new IOException($"{input}: is a directory, not a WAV file or an ALSA device");
            }

            if (File.Exists(input) || DaemonApp.LooksLikePath(input))
            {
                (var samples, format, rate) = ReadFile(input, o.Audio.CheckSeconds);
                channels = [samples];
            }
            else
            {
                (channels, format, low24, rate) = Record(o.Audio);
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

        var stats = channels.Select(c => AudioStats.Of(c)).ToArray();
        var listened = channels.Length == 1 ? 0 : o.Audio.Channel;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(format);
        output.WriteLine(string.Format(inv, "samples: {0} per channel ({1:0.00} s)", stats[0].Samples, stats[0].Samples / (double)rate));
        for (var c = 0; c < stats.Length; c++)
        {
            var s = stats[c];
            var name = stats.Length == 1 ? "" : string.Format(inv, "channel {0}{1}: ", c, c == listened ? " (listened to)" : "");
            output.WriteLine(string.Format(inv, "{0}level: {1:0.0} dBFS RMS, peak {2:0.0} dBFS, dc offset {3:+0.00000;-0.00000;0} of full scale, clipped samples: {4}", name, s.RmsDbfs, s.PeakDbfs, s.DcOffset, s.Clipped));
        }

        var verdict = AudioVerdict.Judge(stats, listened, low24, o.Detection.GateDbfs, "ALSA " + input);
        output.WriteLine("verdict: " + verdict);
        return 0;
    }

    /// <summary>Up to <paramref name="seconds"/> of a WAV file, downmixed to mono, with its description and sample rate in Hz.</summary>
    private static (float[] Samples, string Format, int Rate) ReadFile(string path, double seconds)
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
        return (samples[..got], $"WAV file {path}: {reader.SampleRate} Hz (downmixed to mono){warnings}", reader.SampleRate);
    }

    /// <summary><c>audio:check_seconds</c> from the capture device, per channel, with its description and the rate in Hz it runs at.</summary>
    private static (float[][] Channels, string Format, Low24BitCheck? Low24, int Rate) Record(AudioOptions a)
    {
        using var pcm = AlsaPcm.Open(a.Input, PcmDirection.Capture);
        var config = pcm.Configure(AlsaCaptureSource.Request(a));
        var captureFormat = CaptureFormats.Parse(a.Format);
        var total = (int)(a.CheckSeconds * config.Rate);
        var channels = new float[config.Channels][];
        for (var c = 0; c < channels.Length; c++)
        {
            channels[c] = new float[total];
        }

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
            for (var i = 0; i < take; i++, got++)
            {
                for (var c = 0; c < config.Channels; c++)
                {
                    var j = (i * config.Channels) + c;
                    channels[c][got] = captureFormat switch
                    {
                        CaptureFormat.S32LE => ints[j] / 2147483648f,
                        CaptureFormat.S24LE => (ints[j] << 8 >> 8) / 8388608f,
                        _ => shorts[j] / 32768f,
                    };
                }
            }
        }

        var format = string.Format(CultureInfo.InvariantCulture, "ALSA {0}: {1} {2} ch {3} Hz (channel {4}), period {5}, buffer {6} frames, {7} overruns",
            a.Input, config.Format, config.Channels, config.Rate, a.Channel, config.PeriodFrames, config.BufferFrames, overruns);
        return (channels, format, low24, config.Rate);
    }
}
