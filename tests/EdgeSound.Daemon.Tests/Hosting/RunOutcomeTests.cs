using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Hosting;
using Xunit;

namespace EdgeSound.Daemon.Tests.Hosting;

/// <summary>How a run ends (<see cref="RunOutcome"/>) and who hears about an alert (<see cref="AlertFeed"/>).</summary>
public sealed class RunOutcomeTests
{
    [Fact]
    public void The_first_failure_sets_the_exit_code_and_later_ones_keep_it()
    {
        var outcome = new RunOutcome();
        Assert.Equal(0, outcome.ExitCode);
        outcome.FailInput(2, "audio source x.wav failed: data chunk past the end");
        outcome.Fail(1);
        outcome.FailInput(1, "audio source x.wav failed: a second fault");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("audio source x.wav failed: data chunk past the end", outcome.InputFault);
    }

    [Fact]
    public void A_service_failure_before_an_input_fault_keeps_its_code_and_the_fault_is_still_named()
    {
        var outcome = new RunOutcome();
        outcome.Fail(1);
        outcome.FailInput(2, "audio source mic failed: device gone");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("audio source mic failed: device gone", outcome.InputFault);
    }

    [Fact]
    public void Exit_code_zero_is_not_a_failure()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RunOutcome().Fail(0));
    }

    [Fact]
    public void Losses_add_up_from_several_threads_and_the_input_end_is_seen()
    {
        var outcome = new RunOutcome();
        Parallel.For(0, 1000, _ => outcome.RecordLoss(2));
        outcome.MarkInputEnded();
        Assert.Equal(2000, outcome.LostEventRecords);
        Assert.True(outcome.InputEnded);
    }

    [Fact]
    public void An_alert_reaches_each_subscriber_until_it_unsubscribes()
    {
        var feed = new AlertFeed();
        var heard = new List<string>();
        void Handler(DetectedEvent e) => heard.Add(e.Label);
        feed.Publish(Event("dog"));
        feed.Alerted += Handler;
        feed.Publish(Event("siren"));
        feed.Alerted -= Handler;
        feed.Publish(Event("rooster"));
        Assert.Equal(["siren"], heard);
    }

    private static DetectedEvent Event(string label) => new(DateTimeOffset.UnixEpoch, label, 0.9, 1, 2, -30);
}
