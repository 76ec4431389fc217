using System.Threading.Channels;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Clips;

/// <summary>
/// Everything event clips need, built once at start when <c>clips:enabled</c>: the folder (<see cref="ClipStore"/>),
/// the bounded queue from the pipeline's <see cref="ClipRecorder"/> to the writer (<see cref="QueueCapacity"/>
/// clips; the recorder only takes an event's clip when a slot is free, so it never waits) and the feedback handler.
/// </summary>
public sealed class ClipKeeping
{
    /// <summary>Clips that may wait for the writer (about 13 s of 16 kHz audio each at the default settings: under 4 MB in all).</summary>
    public const int QueueCapacity = 8;

    private long _saved;
    private long _failed;

    public ClipKeeping(ClipStore store, ClipsOptions options, ILoggerFactory loggers)
    {
        Store = store;
        Options = options;
        Feedback = new FeedbackHandler(store, loggers.CreateLogger<FeedbackHandler>());
    }

    public ClipStore Store { get; }

    public ClipsOptions Options { get; }

    public FeedbackHandler Feedback { get; }

    public Channel<EventClip> Queue { get; } = Channel.CreateBounded<EventClip>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        SingleWriter = true,
    });

    /// <summary>Clips written to the folder.</summary>
    public long Saved => Interlocked.Read(ref _saved);

    /// <summary>Clips the writer could not save (disk full, no permission, larger than the budget).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void CountSaved() => Interlocked.Increment(ref _saved);

    public void CountFailed() => Interlocked.Increment(ref _failed);

    /// <summary>A recorder for the pipeline thread, sized for the pipeline (longest event + one window, scoring lag).</summary>
    public ClipRecorder CreateRecorder(DetectionRules rules, DetectionPipeline pipeline, int sampleRate, int classes, ILogger log) =>
        CreateRecorder(Store, new ClipTiming(sampleRate, Options.PreRollSeconds, Options.PostRollSeconds, rules.MaxDurationSeconds + pipeline.WindowSeconds, rules.HopSeconds, pipeline.ScoringLagSeconds),
            classes, Queue, QueueCapacity, log);

    /// <summary>
    /// A recorder that gives an event a clip id only once <paramref name="store"/> holds the disk space of its clip
    /// (<see cref="ClipStore.Reserve"/>, sized by <see cref="ClipStore.Bounds"/>), and gives the space back for a clip it drops.
    /// </summary>
    public static ClipRecorder CreateRecorder(ClipStore store, ClipTiming timing, int classes, Channel<EventClip> queue, int queueCapacity, ILogger log)
    {
        var (wav, sidecar) = ClipStore.Bounds(timing, classes);
        return new(timing, classes, queue, queueCapacity, e => store.Reserve(e, wav, sidecar), log, store.Release);
    }
}
