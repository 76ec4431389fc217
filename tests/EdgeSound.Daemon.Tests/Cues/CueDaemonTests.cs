using System.Runtime.InteropServices;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Tests.EndToEnd;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>The daemon listening live (ALSA replay device) answers a detected event with its cue on the playback device.</summary>
public sealed class CueDaemonTests(ITestOutputHelper output) : IDisposable
{
    private const string ToneCue = "bpm=200 wave=sine adsr=5,20,0.6,40: E6/8 C6/8";
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cuedaemon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_detected_event_plays_its_cue_on_the_playback_device()
    {
        var model = LoudnessModel.Write(_dir);
        var audio = Pcm.ToInt16(TestAudio.NoiseWithTones(8, [(2, 2)], 16000));
        using var lease = AlsaReplay.Lease(MemoryMarshal.AsBytes(audio.AsSpan()));
        var events = Path.Combine(_dir, "events.jsonl");
        using var d = DaemonProcess.Start(
        [
            "--input", lease.Device, "--model", model, "--events", events,
            "--set", $"state_dir={Path.Combine(_dir, "state")}", "--set", "detection:include:0=tone",
            "--set", $"cues:device={lease.RecordDevice}", "--set", $"cues:classes:tone:pattern={ToneCue}",
        ]);
        Assert.True(d.WaitForLog("Cue for tone", TimeSpan.FromSeconds(30)), d.Stderr);
        SpinWait.SpinUntil(() => File.Exists(lease.RecordPath) && new FileInfo(lease.RecordPath).Length > 0, TimeSpan.FromSeconds(10));
        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(5)));
        output.WriteLine(d.Stderr);
        Assert.Equal(0, d.ExitCode);
        Assert.Contains("Cues for tone on ALSA " + lease.RecordDevice, d.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 cues played", d.Stderr, StringComparison.Ordinal);
        var played = MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(lease.RecordPath)).ToArray();
        Assert.Equal(CueLibrary.Render(PatternParser.Parse(ToneCue), 16000), played);
    }
}
