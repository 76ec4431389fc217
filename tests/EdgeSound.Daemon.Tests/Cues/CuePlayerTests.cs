using System.Runtime.InteropServices;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Tests.Shared;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>
/// The cue player on a real ALSA playback device: ALSA's file plugin (<see cref="AlsaReplayLease.RecordDevice"/>)
/// writes what was played, which must equal the rendered cue; the gate must cover the cue and its tail.
/// </summary>
public sealed class CuePlayerTests
{
    private const string Dog = "bpm=200 wave=triangle adsr=5,20,0.6,40: A5/8 E5/8 A5/4";
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public CuePlayerTests()
    {
        Assert.True(AlsaReplay.SetupError is null, AlsaReplay.SetupError);
    }

    [Fact]
    public void Plays_the_rendered_cue_on_the_device_and_gates_it_from_the_input_position()
    {
        using var lease = AlsaReplay.Lease([]);
        var gate = new PlaybackGate();
        var log = new RecordingLogger();
        var (player, _) = Player(lease.RecordDevice, 22050, gate, log, position: 42.0);

        Assert.Equal(CueDecision.Play, player.Handle(Event("dog"), CancellationToken.None));

        var expected = CueLibrary.Render(PatternParser.Parse(Dog), 22050);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(lease.RecordPath)).ToArray());
        var seconds = expected.Length / 22050.0;
        Assert.False(gate.Overlaps(41, 42));
        Assert.True(gate.Overlaps(41.5, 42.01));
        Assert.True(gate.Overlaps(42 + seconds + 0.74, 45));
        Assert.False(gate.Overlaps(42 + seconds + 0.75, 45));
        Assert.Equal(1, player.Played);
        Assert.Contains(log.At(LogLevel.Information), m => m.Contains("Cue for dog", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rate_limited_or_unmapped_event_plays_nothing()
    {
        using var lease = AlsaReplay.Lease([]);
        var (player, clock) = Player(lease.RecordDevice, 16000, new PlaybackGate(), new RecordingLogger(), position: 0);
        Assert.Equal(CueDecision.Play, player.Handle(Event("dog"), CancellationToken.None));
        var once = File.ReadAllBytes(lease.RecordPath);
        clock.Advance(1);
        Assert.Equal(CueDecision.RateLimited, player.Handle(Event("dog"), CancellationToken.None));
        Assert.Equal(CueDecision.NoCue, player.Handle(Event("siren"), CancellationToken.None));
        Assert.Equal(once, File.ReadAllBytes(lease.RecordPath));
        Assert.Equal(1, player.Played);
    }

    [Fact]
    public void A_missing_device_is_logged_and_the_player_carries_on()
    {
        var gate = new PlaybackGate();
        var log = new RecordingLogger();
        var (player, _) = Player("no_such_cue_speaker", 16000, gate, log, position: 0);
        Assert.Equal(CueDecision.Play, player.Handle(Event("dog"), CancellationToken.None));
        Assert.Equal(0, player.Played);
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("no_such_cue_speaker", StringComparison.Ordinal));
        Assert.False(gate.Overlaps(0, 100));
    }

    private static (CuePlayer Player, ManualClock Clock) Player(string device, int rate, PlaybackGate gate, ILogger log, double position)
    {
        var options = new CueOptions { Device = device, SampleRate = rate, TailSeconds = 0.75 };
        options.Classes["dog"] = new CueClassOptions { Pattern = Dog };
        var errors = new List<string>();
        var library = CueLibrary.Load(options, errors);
        Assert.Empty(errors);
        var clock = new ManualClock(Noon);
        return (new CuePlayer(library, new CuePolicy(options, clock), new AlsaCueOutput(device, rate), gate, options.TailSeconds, () => position, () => false, log), clock);
    }

    private static DetectedEvent Event(string label) => new(Noon, label, 0.9, 1, 2, -20);
}
