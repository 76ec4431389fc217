using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Gpio;
using EdgeSound.Daemon.Tests.Gpio;
using Iot.Device.Buzzer;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>
/// <c>cues:output buzzer</c>: the cue player sends the label's pattern to the piezo through .NET IoT's real
/// <see cref="Buzzer"/> on a recording PWM channel, under the cue policy, and gates the input while it sounds.
/// </summary>
public sealed class BuzzerCueOutputTests
{
    private const string Dog = "bpm=400 wave=triangle: A5/4 r/8 C6/8";
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_labels_pattern_plays_on_the_buzzer_and_the_gate_covers_it_and_its_tail()
    {
        var pwm = new RecordingPwm();
        using var buzzer = new BuzzerPlayer(new Buzzer(pwm));
        var gate = new PlaybackGate();
        var log = new RecordingLogger();
        var (player, _) = Player(new BuzzerCueOutput(buzzer), gate, log, new CueOptions { TailSeconds = 0.75 }, muted: false);

        Assert.Equal(CueDecision.Play, player.Handle(Event("dog"), CancellationToken.None));

        var starts = pwm.Log.Where(s => s.Running).ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal(880, starts[0].FrequencyHz);
        Assert.InRange(starts[1].FrequencyHz, 1046, 1047);
        Assert.InRange((starts[1].At - starts[0].At).TotalMilliseconds, 215, 10_000);
        Assert.False(pwm.Running);
        Assert.Equal(1, player.Played);
        Assert.False(gate.Overlaps(41, 42));
        Assert.True(gate.Overlaps(42 + 0.3 + 0.74, 45));
        Assert.False(gate.Overlaps(42 + 0.3 + 0.76, 45));
        Assert.Contains(log.At(LogLevel.Information), m => m.Contains("Cue for dog: 0.30 s on piezo buzzer", StringComparison.Ordinal));
    }

    [Fact]
    public void Mute_quiet_hours_rate_limit_and_unmapped_labels_keep_the_buzzer_silent()
    {
        var pwm = new RecordingPwm();
        using var buzzer = new BuzzerPlayer(new Buzzer(pwm));
        var gate = new PlaybackGate();
        var log = new RecordingLogger();
        var output = new BuzzerCueOutput(buzzer);

        Assert.Equal(CueDecision.Muted, Player(output, gate, log, new CueOptions(), muted: true).Player.Handle(Event("dog"), CancellationToken.None));
        Assert.Equal(CueDecision.QuietHours, Player(output, gate, log, new CueOptions { QuietHours = "11:00-13:00" }, muted: false).Player.Handle(Event("dog"), CancellationToken.None));
        var (player, clock) = Player(output, gate, log, new CueOptions(), muted: false);
        Assert.Equal(CueDecision.NoCue, player.Handle(Event("siren"), CancellationToken.None));
        Assert.Empty(pwm.Log);
        Assert.False(gate.Overlaps(0, 100));

        Assert.Equal(CueDecision.Play, player.Handle(Event("dog"), CancellationToken.None));
        var once = pwm.Log.Count;
        clock.Advance(1);
        Assert.Equal(CueDecision.RateLimited, player.Handle(Event("dog"), CancellationToken.None));
        Assert.Equal(once, pwm.Log.Count);
    }

    private static (CuePlayer Player, ManualClock Clock) Player(ICueOutput output, PlaybackGate gate, ILogger log, CueOptions options, bool muted)
    {
        options.Output = "buzzer";
        options.Classes["dog"] = new CueClassOptions { Pattern = Dog };
        var errors = new List<string>();
        var library = CueLibrary.Load(options, errors);
        Assert.Empty(errors);
        var clock = new ManualClock(Noon);
        return (new CuePlayer(library, new CuePolicy(options, clock), output, gate, options.TailSeconds, () => 42.0, () => muted, log), clock);
    }

    private static DetectedEvent Event(string label) => new(Noon, label, 0.9, 1, 2, -20);
}
