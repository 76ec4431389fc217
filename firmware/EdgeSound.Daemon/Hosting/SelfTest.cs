using System.Globalization;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// <c>--self-test</c>: the quickest check that speaker and microphone are wired. It captures from <c>audio:input</c>
/// (conditioned to 16 kHz as live capture is), starts playing <see cref="TestPattern"/> on <c>cues:device</c> after
/// <see cref="LeadSeconds"/> of capture (rounded up to whole periods; that stretch gives the room level), captures
/// the cue's length plus <see cref="MaxDelaySeconds"/> more, and finds the cue in the capture by cross-correlation
/// (<see cref="DelayEstimator"/>). Delay = where the cue was found - where playback started, in capture samples (the
/// round trip: playback buffer, air, capture buffer). Heard when the normalized correlation reaches
/// <see cref="HeardCorrelation"/> at a delay of at least 0. Exit 0 heard, 1 not heard or a device failed, 2 when
/// <c>audio:input</c> is a file.
/// </summary>
public static class SelfTest
{
    /// <summary>A bright arpeggio of square waves: many harmonics give a sharp correlation peak.</summary>
    public const string TestPattern = "bpm=240 wave=square adsr=2,20,0.7,30: C5/8 E5/8 G5/8 C6/8 G5/8 E5/8 C6/4";

    /// <summary>Capture before the cue starts, seconds.</summary>
    public const double LeadSeconds = 0.5;

    /// <summary>Longest round trip looked for, seconds.</summary>
    public const double MaxDelaySeconds = 1.0;

    /// <summary>Least normalized correlation that counts as heard (uncorrelated room noise stays near 0.05).</summary>
    public const double HeardCorrelation = 0.3;

    public static int Run(DaemonOptions o, TextWriter output, TextWriter error)
    {
        var input = o.Audio.Input;
        if (input == "-" || Directory.Exists(input) || File.Exists(input) || DaemonApp.LooksLikePath(input))
        {
            error.WriteLine($"edgesound: --self-test needs an ALSA capture device as audio:input (--input), got '{input}'");
            return 2;
        }

        var pattern = PatternParser.Parse(TestPattern);
        var reference = CueRenderer.Render(pattern, SampleConditioner.OutputRate);
        float[] captured;
        int start;
        try
        {
            (captured, start) = Capture(o, pattern, reference.Length);
        }
        catch (AlsaException e)
        {
            output.WriteLine($"self-test failed: {e.Message}");
            return 1;
        }

        var found = DelayEstimator.Find(captured, reference);
        var rate = (double)SampleConditioner.OutputRate;
        var delayMs = (found.Lag - start) * 1000 / rate;
        var heard = found.Correlation >= HeardCorrelation && found.Lag >= start;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(inv, "self-test: played a {0:0.00} s cue on ALSA {1}, listened on ALSA {2}", reference.Length / rate, o.Cues.Device, input));
        output.WriteLine(heard
            ? string.Format(inv, "heard: yes, delay {0:0.0} ms, level {1:0.0} dBFS (room before the cue {2:0.0} dBFS), correlation {3:0.00}",
                delayMs, RmsDbfs(captured.AsSpan(found.Lag, reference.Length)), RmsDbfs(captured.AsSpan(0, start)), found.Correlation)
            : string.Format(inv, "heard: no (best correlation {0:0.00} at delay {1:0.0} ms, room {2:0.0} dBFS): check the speaker and its volume, cues:device and audio:input/channel",
                found.Correlation, delayMs, RmsDbfs(captured)));
        return heard ? 0 : 1;
    }

    /// <summary>Captures while the cue plays on another thread; returns the samples and the capture position playback started at.</summary>
    private static (float[] Samples, int Start) Capture(DaemonOptions o, CuePattern pattern, int cueSamples)
    {
        using var capture = new ConditionedCapture(o.Audio);
        var rate = SampleConditioner.OutputRate;
        var buffer = new short[capture.MaxOutput];
        var samples = new List<float>(rate * 4);
        void ReadUntil(int count)
        {
            while (samples.Count < count)
            {
                var n = capture.Read(buffer);
                for (var i = 0; i < n; i++)
                {
                    samples.Add(buffer[i] / 32768f);
                }
            }
        }

        ReadUntil((int)(LeadSeconds * rate));
        var start = samples.Count;
        var playing = Task.Run(() =>
        {
            using var playback = AlsaPlayback.Open(o.Cues.Device, o.Cues.SampleRate);
            playback.Play(CueLibrary.Render(pattern, playback.Configuration.Rate));
        });
        ReadUntil(start + cueSamples + (int)(MaxDelaySeconds * rate));
        playing.GetAwaiter().GetResult();
        return ([.. samples], start);
    }

    private static double RmsDbfs(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x)
        {
            sum += v * (double)v;
        }

        var power = x.IsEmpty ? 0 : sum / x.Length;
        return power <= 1e-12 ? -120 : 10 * Math.Log10(power);
    }
}
