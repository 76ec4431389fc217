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
        new(new ClipTiming(sampleRate, Options.PreRollSeconds, Options.PostRollSeconds, rules.MaxDurationSeconds + pipeline.WindowSeconds, rules.HopSeconds, pipeline.ScoringLagSeconds),
            classes, Queue, QueueCapacity, Store.NewId, log);
}
