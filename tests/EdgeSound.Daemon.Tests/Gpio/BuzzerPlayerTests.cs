using EdgeSound.Daemon.Gpio;
using Iot.Device.Buzzer;
using Xunit;

namespace EdgeSound.Daemon.Tests.Gpio;

/// <summary>
/// The cue sequencing through .NET IoT's real <see cref="Buzzer"/>, on a PWM channel that records what the hardware
/// would be told (this machine has no <c>/sys/class/pwm</c>; on a Pi the same calls go to the kernel's sysfs PWM).
/// </summary>
public sealed class BuzzerPlayerTests
{
    [Fact]
    public async Task A_sequence_plays_each_tone_for_its_duration_and_rests_silent()
    {
        var pwm = new RecordingPwm();
        using var player = new BuzzerPlayer(new Buzzer(pwm));
        Tone[] tones = [new(2000, TimeSpan.FromMilliseconds(100)), new(0, TimeSpan.FromMilliseconds(100)), new(3000, TimeSpan.FromMilliseconds(150))];

        await player.PlayAsync(tones, CancellationToken.None);

        var starts = pwm.Log.Where(e => e.Running).ToList();
        Assert.Equal([2000, 3000], starts.Select(e => e.FrequencyHz));
        Assert.False(pwm.Log[^1].Running);
        var firstStop = pwm.Log.First(e => !e.Running && e.At > starts[0].At);
        Assert.InRange((firstStop.At - starts[0].At).TotalMilliseconds, 90, 10_000);
        Assert.InRange((starts[1].At - firstStop.At).TotalMilliseconds, 90, 10_000);
        Assert.InRange((pwm.Log[^1].At - starts[1].At).TotalMilliseconds, 140, 10_000);
    }

    [Fact]
    public async Task A_bad_step_is_refused_by_number_and_nothing_plays()
    {
        var pwm = new RecordingPwm();
        using var player = new BuzzerPlayer(new Buzzer(pwm));
        Tone[] tones = [new(2000, TimeSpan.FromMilliseconds(10)), new(-5, TimeSpan.FromMilliseconds(10))];

        var e = await Assert.ThrowsAsync<ArgumentException>(() => player.PlayAsync(tones, CancellationToken.None));

        Assert.StartsWith("tone 1: frequency -5 Hz", e.Message);
        Assert.DoesNotContain(pwm.Log, x => x.Running);
    }

    [Fact]
    public async Task Stopping_mid_tone_silences_the_buzzer()
    {
        var pwm = new RecordingPwm();
        using var player = new BuzzerPlayer(new Buzzer(pwm));
        using var stop = new CancellationTokenSource();
        var playing = player.PlayAsync([new(2700, TimeSpan.FromSeconds(30))], stop.Token);
        Assert.True(SpinWait.SpinUntil(() => pwm.Running, TimeSpan.FromSeconds(10)), "the tone never started");

        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing);
        Assert.False(pwm.Running);
        Assert.False(pwm.Log[^1].Running);
    }

    [Fact]
    public void The_shipped_cues_are_audible_piezo_tones()
    {
        Assert.All(Tone.Alert.Concat(Tone.SelfTest), t => Assert.True(t.FrequencyHz == 0 || t.FrequencyHz is >= 1000 and <= 4000));
        Assert.InRange(Tone.Alert.Sum(t => t.Duration.TotalMilliseconds), 100, 1000);
    }
}
