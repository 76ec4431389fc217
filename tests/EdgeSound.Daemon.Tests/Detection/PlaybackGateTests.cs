using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>The device must not hear its own cues: windows overlapping a playing cue are not classified.</summary>
public sealed class PlaybackGateTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sound_during_a_cue_raises_no_event_and_its_windows_are_counted()
    {
        var gate = new PlaybackGate();
        gate.Open(1.5, 4.0);
        var (events, pipeline) = Run(Signals.SilenceToneSilence(2, 3, 3), gate);
        Assert.Empty(events);
        Assert.InRange(pipeline.CueWindows, 6, 12);
        Assert.Equal(pipeline.CueWindows, pipeline.GatedWindows - Ungated(Signals.SilenceToneSilence(2, 3, 3)).GatedWindows);
    }

    [Fact]
    public void The_same_sound_without_a_cue_is_an_event()
    {
        var (events, pipeline) = Run(Signals.SilenceToneSilence(2, 3, 3), new PlaybackGate());
        Assert.Equal("tone", Assert.Single(events).Label);
        Assert.Equal(0, pipeline.CueWindows);
    }

    [Fact]
    public void A_sound_that_outlasts_the_cue_is_detected_from_the_end_of_the_cue()
    {
        var gate = new PlaybackGate();
        gate.Open(1.5, 2.5);
        var (events, _) = Run(Signals.SilenceToneSilence(2, 6, 3), gate);
        var e = Assert.Single(events);
        Assert.InRange(e.StartSeconds, 3.9, 5.0);
        Assert.InRange(e.EndSeconds, 7.5, 8.6);
    }

    [Fact]
    public void A_cue_elsewhere_in_the_stream_changes_nothing()
    {
        var gate = new PlaybackGate();
        gate.Open(6.5, 1);
        var pcm = Signals.SilenceToneSilence(2, 3, 3);
        Assert.Equal(Run(pcm, null).Events, Run(pcm, gate).Events);
    }

    [Fact]
    public void Overlap_is_half_open_and_spans_in_the_past_are_forgotten()
    {
        var gate = new PlaybackGate();
        gate.Open(10, 2);
        Assert.False(gate.Overlaps(9, 10));
        Assert.True(gate.Overlaps(9, 10.01));
        Assert.True(gate.Overlaps(11.99, 13));
        Assert.False(gate.Overlaps(12, 13));
        Assert.False(gate.Overlaps(11, 11.5), "the span ended before a window at 12 s was asked about, so it is forgotten");
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Open(0, -1));
    }

    private static DetectionPipeline Ungated(short[] pcm) => Run(pcm, null).Pipeline;

    private static (List<DetectedEvent> Events, DetectionPipeline Pipeline) Run(short[] pcm, PlaybackGate? gate)
    {
        var scorer = new LoudnessScorer();
        var pipeline = new DetectionPipeline(scorer, DetectionRules.From(new DetectionOptions { CooldownSeconds = 0 }, scorer.Labels), EventClock.Recording(Origin), TimeZoneInfo.Utc)
        {
            Playback = gate,
        };
        var events = new List<DetectedEvent>();
        for (var i = 0; i < pcm.Length; i += 1600)
        {
            pipeline.Process(pcm.AsSpan(i, Math.Min(1600, pcm.Length - i)), events);
        }

        pipeline.Finish(events);
        return (events, pipeline);
    }
}
