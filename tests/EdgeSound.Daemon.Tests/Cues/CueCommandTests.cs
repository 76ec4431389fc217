using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Daemon.Tests.EndToEnd;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>
/// <c>--play-cue</c>, <c>--self-test</c> and the cue configuration on the daemon process, with ALSA's file plugin for
/// the speaker (what it writes is what was played) and for the microphone (it replays a file holding the cue at a
/// known delay).
/// </summary>
public sealed class CueCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string Pattern = "bpm=180 wave=square adsr=5,30,0.7,60: C5/8 E5/8 G5/4";
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cuecmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Play_cue_writes_the_rendered_samples_to_the_device_and_exits_0()
    {
        using var lease = AlsaReplay.Lease([]);
        var run = DaemonProcess.Run(["--play-cue", Pattern, "--set", $"cues:device={lease.RecordDevice}", "--set", "cues:sample_rate=24000"], timeoutSeconds: 60);
        output.WriteLine(run.Stdout + run.Stderr);
        Assert.Equal(0, run.Code);
        Assert.Contains($"on ALSA {lease.RecordDevice} at 24000 Hz", run.Stdout, StringComparison.Ordinal);
        var played = MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(lease.RecordPath)).ToArray();
        Assert.Equal(CueLibrary.Render(PatternParser.Parse(Pattern), 24000), played);
    }

    [Fact]
    public void Play_cue_with_a_bad_pattern_exits_2_with_one_line_naming_column_and_token()
    {
        var run = DaemonProcess.Run(["--play-cue", "bpm=120: C5/4 H5/8", "--set", "cues:device=null"], timeoutSeconds: 60);
        Assert.Equal(2, run.Code);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("edgesound: --play-cue: pattern error at column 15, token 'H5/8'", line);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Play_cue_on_a_missing_device_exits_1_naming_it()
    {
        var run = DaemonProcess.Run(["--play-cue", Pattern, "--set", "cues:device=no_such_cue_speaker"], timeoutSeconds: 60);
        Assert.Equal(1, run.Code);
        Assert.Contains("edgesound: cue playback failed: ALSA device 'no_such_cue_speaker'", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(5557)]
    public void Self_test_finds_the_cue_at_the_delay_the_microphone_heard_it(int delaySamples)
    {
        var cue = CueRenderer.Render(PatternParser.Parse(SelfTest.TestPattern), SampleConditioner.OutputRate);
        var start = (int)(SelfTest.LeadSeconds * SampleConditioner.OutputRate);
        var heard = new float[start + delaySamples + cue.Length + (2 * SampleConditioner.OutputRate)];
        var noise = new Random(delaySamples);
        for (var i = 0; i < heard.Length; i++)
        {
            heard[i] = 0.001f * (float)((noise.NextDouble() * 2) - 1);
        }

        for (var i = 0; i < cue.Length; i++)
        {
            heard[start + delaySamples + i] += 0.1f * cue[i];
        }

        var run = SelfTestRun(heard);
        Assert.Equal(0, run.Code);
        var report = Regex.Match(run.Stdout, @"heard: yes, delay (-?[0-9.]+) ms, level (-?[0-9.]+) dBFS \(room before the cue (-?[0-9.]+) dBFS\), correlation ([0-9.]+)");
        Assert.True(report.Success, run.Stdout);
        Assert.Equal(delaySamples * 1000.0 / SampleConditioner.OutputRate, Number(report, 1), precision: 1);
        Assert.InRange(Number(report, 2), RmsDbfs(cue) - 20.5, RmsDbfs(cue) - 19.5);
        Assert.InRange(Number(report, 3), -66, -63);
        Assert.InRange(Number(report, 4), 0.95, 1.0);
    }

    [Fact]
    public void Self_test_with_a_silent_microphone_says_not_heard_and_exits_1()
    {
        var run = SelfTestRun(new float[4 * SampleConditioner.OutputRate]);
        Assert.Equal(1, run.Code);
        Assert.Contains("heard: no", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_test_needs_an_alsa_input()
    {
        var wav = Path.Combine(_dir, "x.wav");
        File.WriteAllBytes(wav, []);
        var run = DaemonProcess.Run(["--self-test", "--input", wav], timeoutSeconds: 60);
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: --self-test needs an ALSA capture device as audio:input (--input), got '{wav}'", run.Stderr.Trim());
    }

    [Fact]
    public void A_cue_file_with_a_bad_pattern_stops_the_start_with_exit_2_naming_key_file_and_column()
    {
        var file = Path.Combine(_dir, "dog.txt");
        File.WriteAllText(file, "wave=sine: C5 D5 X5");
        var run = DaemonProcess.Run(["--input", "null", "--set", $"cues:classes:tone:file={file}"], timeoutSeconds: 60);
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: configuration error: cues:classes:tone:file: {file}: pattern error at column 18, token 'X5': expected a note (C4, F#5, Bb3), a frequency (440hz), a rest (r) or a group ([ ... ]x2)", run.Stderr.Trim());
    }

    private static double Number(Match m, int group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static double RmsDbfs(float[] x) => 10 * Math.Log10(x.Sum(v => v * (double)v) / x.Length);

    private (int Code, string Stdout, string Stderr) SelfTestRun(float[] heard)
    {
        using var lease = AlsaReplay.Lease(MemoryMarshal.AsBytes(Pcm.ToInt16(heard).AsSpan()));
        var run = DaemonProcess.Run(
            ["--self-test", "--input", lease.Device, "--set", "audio:period_ms=25", "--set", $"cues:device={lease.RecordDevice}"],
            timeoutSeconds: 60);
        output.WriteLine(run.Stdout + run.Stderr);
        Assert.True(File.Exists(lease.RecordPath), "the test cue was not played");
        return run;
    }
}
