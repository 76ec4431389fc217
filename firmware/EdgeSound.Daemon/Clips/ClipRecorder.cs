using System.Threading.Channels;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Clips;

/// <summary>
/// The clip stage on the pipeline thread. It keeps the conditioned PCM in a <see cref="PcmRing"/> and the scored
/// windows in a <see cref="WindowScoreHistory"/>; <see cref="Keep"/> gives each new event a clip id (and puts it in
/// the event) when the clip queue has room for it and its disk space could be held (<paramref name="newId"/> throws
/// an <see cref="IOException"/> when not: on a full disk events carry no id, counted, warned about once until ids
/// return), and once the input has run <c>post_roll_s</c> past the event's
/// end the clip [start_s - pre_roll_s, end_s + post_roll_s) goes to the queue. It never waits: with the queue full
/// (the writer behind) the event keeps no clip, carries no id, and <see cref="Dropped"/> counts it.
/// </summary>
public sealed class ClipRecorder
{
    /// <summary>Extra seconds the ring holds beyond pre-roll + longest event + post-roll + scoring lag (detection reports an event a few hops after its end).</summary>
    public const double MarginSeconds = 4;

    private readonly PcmRing _ring;
    private readonly WindowScoreHistory _windows;
    private readonly Channel<EventClip> _queue;
    private readonly int _queueCapacity;
    private readonly Func<DetectedEvent, string> _newId;
    private readonly Action<string> _release;
    private readonly ILogger _log;
    private bool _refused;
    private readonly List<(DetectedEvent Event, long End)> _pending = [];

    /// <param name="queue">Bounded clip queue to the writer; its reader must support counting.</param>
    /// <param name="newId">Makes a unique clip id for an event, holding its disk space; throws <see cref="IOException"/> when it cannot.</param>
    /// <param name="release">Gives back what <paramref name="newId"/> held for a clip that is dropped (default: nothing).</param>
    public ClipRecorder(ClipTiming timing, int classes, Channel<EventClip> queue, int queueCapacity, Func<DetectedEvent, string> newId, ILogger log, Action<string>? release = null)
    {
        _release = release ?? (_ => { });
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        if (!queue.Reader.CanCount)
        {
            throw new ArgumentException("the clip queue must count its items", nameof(queue));
        }

        Timing = timing;
        var seconds = timing.PreRollSeconds + timing.MaxEventSeconds + timing.PostRollSeconds + timing.LagSeconds + MarginSeconds;
        _ring = new PcmRing((int)Math.Ceiling(seconds * timing.SampleRate));
        _windows = new WindowScoreHistory((int)Math.Ceiling(seconds / timing.HopSeconds) + 2, classes);
        _queue = queue;
        _queueCapacity = queueCapacity;
        _newId = newId;
        _log = log;
    }

    public ClipTiming Timing { get; }

    /// <summary>Clips queued for the writer.</summary>
    public long Queued { get; private set; }

    /// <summary>Events that kept no clip because the queue was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Samples seen so far (the ring's absolute position).</summary>
    public long Position => _ring.Position;

    /// <summary>Records one scored window (called by the pipeline for every window it classifies).</summary>
    public void ObserveWindow(double startSeconds, double endSeconds, ReadOnlySpan<float> scores) => _windows.Add(startSeconds, endSeconds, scores);

    /// <summary>Appends PCM (the same samples the pipeline got, in order) and queues the clips whose post-roll is complete.</summary>
    public void Append(ReadOnlySpan<short> pcm)
    {
        _ring.Write(pcm);
        Emit(final: false);
    }

    /// <summary>Gives each event a clip when the queue has room: the event in the list is replaced by one carrying the id.</summary>
    public void Keep(List<DetectedEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (_queue.Reader.Count + _pending.Count >= _queueCapacity)
            {
                Dropped++;
                _log.LogWarning("Clip of {Label} at {Start:0.00} s dropped: {Waiting} clips wait for the writer ({Dropped} dropped so far)",
                    e.Label, e.StartSeconds, _queue.Reader.Count + _pending.Count, Dropped);
                continue;
            }

            string id;
            try
            {
                id = _newId(e);
            }
            catch (IOException x)
            {
                Dropped++;
                _log.Log(_refused ? LogLevel.Debug : LogLevel.Warning,
                    "Clip of {Label} at {Start:0.00} s not kept, no room on disk ({Reason}): events carry no clip id until there is ({Dropped} clips dropped so far)",
                    e.Label, e.StartSeconds, x.Message, Dropped);
                _refused = true;
                continue;
            }

            if (_refused)
            {
                _log.LogInformation("Clips are kept again ({Dropped} clips dropped so far)", Dropped);
                _refused = false;
            }

            var kept = e with { Clip = id };
            events[i] = kept;
            _pending.Add((kept, Sample(e.EndSeconds + Timing.PostRollSeconds)));
        }

        Emit(final: false);
    }

    /// <summary>End of input: queues the waiting clips with the post-roll there is.</summary>
    public void Finish() => Emit(final: true);

    private void Emit(bool final)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            var (e, end) = _pending[i];
            if (!final && end > _ring.Position)
            {
                continue;
            }

            _pending.RemoveAt(i--);
            var start = Math.Max(_ring.Oldest, Sample(e.StartSeconds - Timing.PreRollSeconds));
            end = Math.Min(end, _ring.Position);
            if (end <= start)
            {
                Dropped++;
                _release(e.Clip!);
                _log.LogWarning("Clip {Clip} dropped: its audio is no longer held", e.Clip);
                continue;
            }

            var samples = new short[end - start];
            _ring.CopyTo(start, samples);
            var clip = new EventClip(e.Clip!, e, samples, Timing.SampleRate, start / (double)Timing.SampleRate, _windows.Overlapping(e.StartSeconds, e.EndSeconds));
            if (_queue.Writer.TryWrite(clip))
            {
                Queued++;
            }
            else
            {
                Dropped++;
                _release(clip.Id);
                _log.LogWarning("Clip {Clip} dropped: the clip queue is closed or full", clip.Id);
            }
        }
    }

    private long Sample(double seconds) => Math.Max(0, (long)Math.Round(seconds * Timing.SampleRate));
}

/// <summary>How much audio a clip holds around its event and how long events and hops can be.</summary>
/// <param name="SampleRate">PCM rate, Hz (16000 on the device).</param>
/// <param name="PreRollSeconds">Audio kept before the event's start_s.</param>
/// <param name="PostRollSeconds">Audio kept after the event's end_s.</param>
/// <param name="MaxEventSeconds">Longest span start_s..end_s an event can have (detection max duration plus one window).</param>
/// <param name="HopSeconds">Seconds between analysis windows (sizes the score history).</param>
/// <param name="LagSeconds">How far event detection may trail the audio (batched scoring), seconds.</param>
public sealed record ClipTiming(int SampleRate, double PreRollSeconds, double PostRollSeconds, double MaxEventSeconds, double HopSeconds, double LagSeconds = 0);
