using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

public sealed class ClipRecorderTests
{
    private static readonly ClipTiming Timing = new(ClipFixtures.Rate, PreRollSeconds: 2, PostRollSeconds: 1, MaxEventSeconds: 11, HopSeconds: 0.5);

    private static ClipRecorder Recorder(System.Threading.Channels.Channel<EventClip> queue, int capacity = 4)
    {
        var n = 0;
        return new ClipRecorder(Timing, ClipFixtures.Labels.Length, queue, capacity, e => $"clip{++n}-{e.Label}", NullLogger.Instance);
    }

    /// <summary>Pushes the ramp in uneven chunks up to <paramref name="until"/> samples, as the pipeline would.</summary>
    private static void Feed(ClipRecorder r, long until, int seed)
    {
        var random = new Random(seed);
        while (r.Position < until)
        {
            var n = (int)Math.Min(1 + random.Next(700), until - r.Position);
            r.Append(ClipFixtures.RampSpan(r.Position, n));
        }
    }

    [Theory]
    [InlineData(3.0, 4.5, 1)]
    [InlineData(12.25, 22.25, 2)]
    [InlineData(0.5, 1.5, 3)]
    public void Clip_holds_exactly_pre_roll_event_and_post_roll(double start, double end, int seed)
    {
        var queue = ClipFixtures.Queue(4);
        var r = Recorder(queue);
        // Reported a few hops after its end, as the detector does.
        Feed(r, (long)((end + 0.75) * ClipFixtures.Rate), seed);
        var events = new List<DetectedEvent> { ClipFixtures.Event("dog", start, end) };
        r.Keep(events);
        Assert.Equal("clip1-dog", events[0].Clip);
        Assert.False(queue.Reader.TryRead(out _));   // the post-roll is not complete yet
        Feed(r, (long)((end + 5) * ClipFixtures.Rate), seed + 10);

        Assert.True(queue.Reader.TryRead(out var clip));
        var first = (long)Math.Round(Math.Max(0, start - 2) * ClipFixtures.Rate);
        var last = (long)Math.Round((end + 1) * ClipFixtures.Rate);
        Assert.Equal(first / (double)ClipFixtures.Rate, clip.ClipStartSeconds, 9);
        Assert.Equal(ClipFixtures.RampSpan(first, (int)(last - first)), clip.Samples);
        Assert.Same(events[0], clip.Event);
    }

    [Fact]
    public void Clip_carries_the_scores_of_the_windows_overlapping_the_event()
    {
        var queue = ClipFixtures.Queue(4);
        var r = Recorder(queue);
        for (var w = 0; w < 20; w++)
        {
            r.ObserveWindow(w * 0.5, (w * 0.5) + 1, [w / 100f, 0, 0]);
        }

        Feed(r, 16000 * 12, 4);
        var events = new List<DetectedEvent> { ClipFixtures.Event("dog", 4.0, 6.0) };
        r.Keep(events);
        Assert.True(queue.Reader.TryRead(out var clip));
        // Windows [3.5,4.5) .. [5.5,6.5) overlap [4,6): w = 7..11.
        Assert.Equal([0.07f, 0.08f, 0.09f, 0.10f, 0.11f], clip.Windows.Select(w => w.Scores[0]));
        Assert.Equal(3.5, clip.Windows[0].StartSeconds);
    }

    [Fact]
    public void A_full_queue_drops_the_clip_and_the_event_carries_no_id()
    {
        var queue = ClipFixtures.Queue(1);
        var r = Recorder(queue, capacity: 1);
        Feed(r, 16000 * 10, 5);
        var events = new List<DetectedEvent> { ClipFixtures.Event("dog", 2, 3), ClipFixtures.Event("siren", 4, 5) };
        r.Keep(events);
        Assert.Equal("clip1-dog", events[0].Clip);
        Assert.Null(events[1].Clip);
        Assert.Equal(1, r.Dropped);
        Assert.Equal(1, r.Queued);
    }

    [Fact]
    public void Finish_queues_waiting_clips_with_the_post_roll_there_is()
    {
        var queue = ClipFixtures.Queue(4);
        var r = Recorder(queue);
        Feed(r, 16000 * 5, 6);
        var events = new List<DetectedEvent> { ClipFixtures.Event("siren", 3, 4.75) };
        r.Keep(events);
        Assert.False(queue.Reader.TryRead(out _));
        r.Finish();
        Assert.True(queue.Reader.TryRead(out var clip));
        Assert.Equal(ClipFixtures.RampSpan(16000, 16000 * 4), clip.Samples);
    }
}
