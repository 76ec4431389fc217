using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>The steady-state pipeline allocates nothing per chunk or window (what keeps a 24 h stream's memory flat).</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void Pipeline_allocates_nothing_per_window_in_steady_state()
    {
        var scorer = new LoudnessScorer();
        var rules = DetectionRules.From(new DetectionOptions { CooldownSeconds = 0 }, scorer.Labels);
        var p = new DetectionPipeline(scorer, rules, EventClock.Recording(DateTimeOffset.UnixEpoch), TimeZoneInfo.Utc);
        var rng = new Random(1);
        var chunk = new short[1024];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (short)rng.Next(-3000, 3000);
        }

        var events = new List<DetectedEvent>();
        for (var i = 0; i < 200; i++)
        {
            p.Process(chunk, events);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var windows = p.Windows;
        for (var i = 0; i < 2000; i++)
        {
            p.Process(chunk, events);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes over {p.Windows - windows} windows");
        Assert.True(p.Windows - windows > 200);
        Assert.True(allocated < 4096, $"pipeline allocated {allocated} bytes over {p.Windows - windows} windows");
    }
}
