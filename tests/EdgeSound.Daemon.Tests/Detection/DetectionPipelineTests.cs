using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

public sealed class DetectionPipelineTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static DetectionRules Rules(IWindowScorer scorer, Action<DetectionOptions>? change = null)
    {
        var o = new DetectionOptions { CooldownSeconds = 0 };
        change?.Invoke(o);
        return DetectionRules.From(o, scorer.Labels);
    }

    private static List<DetectedEvent> Run(short[] pcm, int chunk, LoudnessScorer scorer, DetectionRules rules)
    {
        var p = new DetectionPipeline(scorer, rules, EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        for (var i = 0; i < pcm.Length; i += chunk)
        {
            p.Process(pcm.AsSpan(i, Math.Min(chunk, pcm.Length - i)), events);
        }

        p.Finish(events);
        return events;
    }

    [Fact]
    public void Tone_between_silences_becomes_one_event_at_its_place()
    {
        var scorer = new LoudnessScorer();
        var events = Run(Signals.SilenceToneSilence(2, 3, 2), 4000, scorer, Rules(scorer));
        var e = Assert.Single(events);
        Assert.Equal("tone", e.Label);
        Assert.InRange(e.StartSeconds, 1.4, 2.05);
        Assert.InRange(e.EndSeconds, 4.9, 5.6);
        Assert.InRange(e.LevelDbfs, -16, -12);
        Assert.Equal(Origin.AddSeconds(e.StartSeconds), e.Time);
    }

    [Fact]
    public void Events_do_not_depend_on_chunk_size()
    {
        var pcm = Signals.SilenceToneSilence(1.3, 2.2, 1.7);
        var s1 = new LoudnessScorer();
        var whole = Run(pcm, pcm.Length, s1, Rules(s1));
        foreach (var chunk in new[] { 1, 37, 256, 1000 })
        {
            var s = new LoudnessScorer();
            Assert.Equal(whole, Run(pcm, chunk, s, Rules(s)));
        }
    }

    [Fact]
    public void Parallel_batched_scoring_gives_the_same_events_as_serial()
    {
        var pcm = Signals.SilenceToneSilence(1.3, 2.2, 1.7);
        var quiet = new short[16000 * 3];
        var noise = new short[16000 * 40];
        var rng = new Random(3);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (short)rng.Next(-200, 200);
        }

        short[] stream = [.. pcm, .. quiet, .. pcm, .. noise, .. pcm];
        var serial = new LoudnessScorer();
        var expected = Run(stream, 3000, serial, Rules(serial));
        Assert.True(expected.Count >= 3, $"expected at least the three tones, got {expected.Count} events");
        // Enough pool threads that two batches could be scored at once if the pipeline let them (it must not).
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, 8), minIo);
        var workers = new[] { new LoudnessScorer(sleepMs: 3), new LoudnessScorer(sleepMs: 3), new LoudnessScorer(sleepMs: 3) };
        var p = new DetectionPipeline(workers, Rules(serial), EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        for (var i = 0; i < stream.Length; i += 3000)
        {
            p.Process(stream.AsSpan(i, Math.Min(3000, stream.Length - i)), events);
        }

        p.Finish(events);
        Assert.Equal(expected, events);
        Assert.Equal(serial.Calls, workers.Sum(w => w.Calls));
        Assert.True(workers.All(w => w.Calls > 0), "every worker should have scored windows");
    }

    [Fact]
    public void Silence_below_the_gate_is_never_classified()
    {
        var scorer = new LoudnessScorer();
        var p = new DetectionPipeline(scorer, Rules(scorer), EventClock.Recording(Origin));
        var events = new List<DetectedEvent>();
        p.Process(new short[16000 * 10], events);
        p.Finish(events);
        Assert.Empty(events);
        Assert.Equal(0, scorer.Calls);
        Assert.True(p.GatedWindows >= 17, $"expected ~18 gated windows, got {p.GatedWindows}");
        Assert.Equal(p.Windows, p.GatedWindows);
        Assert.Equal(10.0, p.Position);
    }

    [Fact]
    public void Quiet_tone_under_the_gate_raises_nothing()
    {
        var scorer = new LoudnessScorer();
        var events = Run(Signals.SilenceToneSilence(1, 3, 1, amplitude: 0.0005), 4000, scorer, Rules(scorer));
        Assert.Empty(events);
        Assert.Equal(0, scorer.Calls);
    }

    [Fact]
    public void Hop_is_rounded_to_whole_frames_and_windows_cover_about_one_second()
    {
        var scorer = new LoudnessScorer();
        var p = new DetectionPipeline(scorer, Rules(scorer, o => o.HopSeconds = 0.25), EventClock.Recording(Origin));
        Assert.Equal(16, p.HopFrames);
        Assert.InRange(p.WindowSeconds, 0.99, 1.01);
    }

    [Fact]
    public void Clip_shorter_than_a_window_still_gets_scored()
    {
        var scorer = new LoudnessScorer();
        var rules = Rules(scorer, o => { o.Threshold = 0.3; o.OffsetThreshold = 0.2; o.SmoothingWindows = 1; o.MinDurationSeconds = 0.5; });
        var events = Run(Signals.SilenceToneSilence(0, 0.6, 0), 1000, scorer, rules);
        Assert.Equal(1, scorer.Calls);
        Assert.Equal("tone", Assert.Single(events).Label);
    }
}
