using System.Globalization;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Native.Alsa;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// <c>--play-cue PATTERN</c>: plays one cue on <c>cues:device</c> and exits: 0 when it played, 2 with one line for a
/// pattern that does not parse (naming the column and token) or cannot be rendered, 1 when the device failed.
/// Quiet hours, rate limits and the mute button do not apply: the command is a person asking.
/// </summary>
public static class PlayCueCommand
{
    public static int Run(string text, CueOptions options, TextWriter output, TextWriter error)
    {
        CuePattern pattern;
        try
        {
            pattern = PatternParser.Parse(text);
        }
        catch (PatternFormatException e)
        {
            error.WriteLine($"edgesound: --play-cue: {e.Message}");
            return 2;
        }

        if (CueLibrary.RenderProblem(pattern, options.SampleRate) is { } problem)
        {
            error.WriteLine($"edgesound: --play-cue: {problem} (cues:sample_rate {options.SampleRate})");
            return 2;
        }

        try
        {
            using var playback = AlsaPlayback.Open(options.Device, options.SampleRate);
            var rate = playback.Configuration.Rate;
            var samples = CueLibrary.Render(pattern, rate);
            playback.Play(samples);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "played a {0:0.00} s cue on ALSA {1} at {2} Hz ({3} underruns)",
                samples.Length / (double)rate, options.Device, rate, playback.Underruns));
            return 0;
        }
        catch (AlsaException e)
        {
            error.WriteLine($"edgesound: cue playback failed: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"edgesound: --play-cue: {e.Message.Split(" (Parameter", 2)[0]} (the device plays at another rate than cues:sample_rate {options.SampleRate})");
            return 2;
        }
    }
}
