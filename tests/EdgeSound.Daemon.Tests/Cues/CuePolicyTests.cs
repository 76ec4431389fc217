using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

public sealed class CuePolicyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CueOptions Options(Action<CueOptions>? change = null)
    {
        var o = new CueOptions { RateLimitSeconds = 5 };
        o.Classes["dog"] = new CueClassOptions { Pattern = "C5", RateLimitSeconds = 30 };
        o.Classes["siren"] = new CueClassOptions { Pattern = "C6", RateLimitSeconds = 0 };
        change?.Invoke(o);
        return o;
    }

    [Fact]
    public void Global_rate_limit_holds_every_label_back_and_only_a_played_cue_starts_it()
    {
        var clock = new ManualClock(Noon);
        var policy = new CuePolicy(Options(), clock);
        Assert.Equal(CueDecision.Play, policy.Decide("dog", hasCue: true, muted: false));
        clock.Advance(4.9);
        Assert.Equal(CueDecision.RateLimited, policy.Decide("siren", hasCue: true, muted: false));
        clock.Advance(0.1);
        Assert.Equal(CueDecision.Play, policy.Decide("siren", hasCue: true, muted: false));
        clock.Advance(4);
        Assert.Equal(CueDecision.RateLimited, policy.Decide("siren", hasCue: true, muted: false));
        clock.Advance(1);
        Assert.Equal(CueDecision.Play, policy.Decide("siren", hasCue: true, muted: false));
    }

    [Fact]
    public void Class_rate_limit_holds_back_only_its_label()
    {
        var clock = new ManualClock(Noon);
        var policy = new CuePolicy(Options(), clock);
        Assert.Equal(CueDecision.Play, policy.Decide("dog", true, false));
        clock.Advance(10);
        Assert.Equal(CueDecision.ClassRateLimited, policy.Decide("dog", true, false));
        Assert.Equal(CueDecision.Play, policy.Decide("siren", true, false));
        clock.Advance(19);
        Assert.Equal(CueDecision.ClassRateLimited, policy.Decide("dog", true, false));
        clock.Advance(1);
        Assert.Equal(CueDecision.Play, policy.Decide("dog", true, false));
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(3600)]
    public void A_step_of_the_wall_clock_neither_stretches_nor_cuts_short_a_rate_limit(double step)
    {
        var clock = new ManualClock(Noon);
        var policy = new CuePolicy(Options(), clock);
        Assert.Equal(CueDecision.Play, policy.Decide("dog", true, false));
        clock.Step(step);
        clock.Advance(1);
        Assert.Equal(CueDecision.RateLimited, policy.Decide("siren", true, false));
        Assert.Equal(CueDecision.RateLimited, policy.Decide("dog", true, false));
        clock.Advance(4);
        Assert.Equal(CueDecision.Play, policy.Decide("siren", true, false));
        Assert.Equal(CueDecision.RateLimited, policy.Decide("dog", true, false));
        clock.Advance(25);
        Assert.Equal(CueDecision.Play, policy.Decide("dog", true, false));
    }

    [Theory]
    [InlineData(22, 0, CueDecision.QuietHours)]
    [InlineData(3, 30, CueDecision.QuietHours)]
    [InlineData(6, 59, CueDecision.QuietHours)]
    [InlineData(7, 0, CueDecision.Play)]
    [InlineData(21, 59, CueDecision.Play)]
    public void Quiet_hours_wrap_midnight_in_local_time(int hour, int minute, CueDecision expected)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, hour, minute, 0, TimeSpan.Zero));
        var policy = new CuePolicy(Options(o => o.QuietHours = "22:00-07:00"), clock);
        Assert.Equal(expected, policy.Decide("dog", true, false));
    }

    [Fact]
    public void Disabled_no_cue_and_muted_come_before_the_rate_limit_and_do_not_start_it()
    {
        var clock = new ManualClock(Noon);
        Assert.Equal(CueDecision.Disabled, new CuePolicy(Options(o => o.Enabled = false), clock).Decide("dog", true, false));
        var policy = new CuePolicy(Options(), clock);
        Assert.Equal(CueDecision.NoCue, policy.Decide("cat", false, false));
        Assert.Equal(CueDecision.Muted, policy.Decide("dog", true, true));
        Assert.Equal(CueDecision.Play, policy.Decide("dog", true, false));
        Assert.Equal(CueDecision.Muted, policy.Decide("dog", true, true));
    }
}
