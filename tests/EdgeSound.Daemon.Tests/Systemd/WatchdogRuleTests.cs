using EdgeSound.Daemon.Hosting.Systemd;
using Xunit;

namespace EdgeSound.Daemon.Tests.Systemd;

public sealed class WatchdogRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Audio_arriving_and_a_pipeline_keeping_up_feed_the_watchdog()
    {
        var v = WatchdogRule.Judge(new Liveness(CaptureAgeMs: 100, ReopenOverdueMs: null, PipelineAgeMs: 120, DroppedSinceLastCheck: 0), Timeout);

        Assert.True(v.Feed, v.Reason);
    }

    [Fact]
    public void A_hung_pipeline_while_the_microphone_delivers_is_not_fed()
    {
        var v = WatchdogRule.Judge(new Liveness(100, null, 31_000, 0), Timeout);

        Assert.False(v.Feed);
        Assert.Equal("the pipeline processed nothing for 31 s while audio arrives", v.Reason);
    }

    [Fact]
    public void A_pipeline_dropping_live_audio_is_not_fed()
    {
        var v = WatchdogRule.Judge(new Liveness(100, null, 50, 7), Timeout);

        Assert.False(v.Feed);
        Assert.Contains("7 chunks dropped", v.Reason);
    }

    [Fact]
    public void No_audio_from_an_open_input_is_not_fed()
    {
        var v = WatchdogRule.Judge(new Liveness(45_000, null, 45_000, 0), Timeout);

        Assert.False(v.Feed);
        Assert.Equal("no audio from the input for 45 s", v.Reason);
    }

    [Theory]
    [InlineData(-50_000)]
    [InlineData(0)]
    [InlineData(29_000)]
    public void A_microphone_being_reopened_on_schedule_is_fed_however_long_audio_is_gone(long overdueMs)
    {
        var v = WatchdogRule.Judge(new Liveness(CaptureAgeMs: 60_000, ReopenOverdueMs: overdueMs, PipelineAgeMs: 600_000, DroppedSinceLastCheck: 0), Timeout);

        Assert.True(v.Feed, v.Reason);
        Assert.Equal("input being reopened", v.Reason);
    }

    [Fact]
    public void A_reopen_attempt_stuck_for_a_whole_timeout_is_not_fed()
    {
        var v = WatchdogRule.Judge(new Liveness(60_000, 30_000, 600_000, 0), Timeout);

        Assert.False(v.Feed);
        Assert.Equal("the input reopen attempt is 30 s overdue", v.Reason);
    }
}
