using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Tests.Clips;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.FullDisk;

/// <summary>
/// Event clips on a real, full file system: an event carries a clip id only when its clip's disk space is held, so
/// every id an event line or alert names is a clip that exists; on a full disk events carry none (counted, warned once).
/// </summary>
public sealed class ClipDiskFullTests : IDisposable
{
    private static readonly ClipTiming Timing = new(ClipFixtures.Rate, PreRollSeconds: 2, PostRollSeconds: 1, MaxEventSeconds: 11, HopSeconds: 0.5);
    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(4096);
    private readonly RecordingLogger _log = new();
    private readonly ClipStore _store;
    private readonly System.Threading.Channels.Channel<EventClip> _queue = ClipFixtures.Queue(4);
    private readonly ClipRecorder _recorder;

    public ClipDiskFullTests()
    {
        _store = ClipStore.Open(Path.Combine(_disk.Root, "clips"), 100_000_000, ClipFixtures.Model);
        _recorder = ClipKeeping.CreateRecorder(_store, Timing, ClipFixtures.Labels.Length, _queue, 4, _log);
    }

    public void Dispose() => _disk.Dispose();

    private void Feed(double seconds)
    {
        while (_recorder.Position < seconds * ClipFixtures.Rate)
        {
            _recorder.Append(ClipFixtures.RampSpan(_recorder.Position, 1600));
        }
    }

    private DetectedEvent Detect(double start, double end)
    {
        var events = new List<DetectedEvent> { ClipFixtures.Event("dog", start, end) };
        _recorder.Keep(events);
        return events[0];
    }

    [Fact]
    public void An_id_given_before_the_disk_filled_is_a_clip_that_exists()
    {
        Feed(6);
        var e = Detect(3, 5);
        Assert.NotNull(e.Clip);
        _disk.Fill();
        Feed(9);
        Assert.True(_queue.Reader.TryRead(out var clip));

        Assert.True(_store.Save(clip));
        Assert.True(File.Exists(Path.Combine(_store.Directory, e.Clip + ".wav")));
        Assert.True(File.Exists(Path.Combine(_store.Directory, e.Clip + ".json")));
        Assert.Equal([e.Clip], _store.Ids);
    }

    [Fact]
    public void On_a_full_disk_events_carry_no_clip_id_warned_once_and_ids_return_with_space()
    {
        Feed(6);
        _disk.Fill();
        Assert.Null(Detect(1, 2).Clip);
        Assert.Null(Detect(3, 5).Clip);
        Assert.Equal(2, _recorder.Dropped);
        Assert.Single(_log.At(LogLevel.Warning), m => m.Contains("no room on disk", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_store.Directory, "*", SearchOption.AllDirectories));

        _disk.Free();
        var kept = Detect(4, 5.5);
        Assert.NotNull(kept.Clip);
        Feed(12);
        Assert.True(_queue.Reader.TryRead(out var clip));
        Assert.True(_store.Save(clip));
        Assert.Equal([kept.Clip], _store.Ids);
    }
}
