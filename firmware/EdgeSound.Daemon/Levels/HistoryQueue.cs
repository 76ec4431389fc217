using System.Threading.Channels;

namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The bounded channel from the pipeline and alert stages to the history writer: 4096 entries (about two days of
/// minutes), full mode DropOldest so a stalled database never holds up listening; each drop is counted.
/// </summary>
public sealed class HistoryQueue
{
    public const int Capacity = 4096;

    private long _dropped;
    private long _droppedEvents;

    public HistoryQueue()
    {
        Channel = System.Threading.Channels.Channel.CreateBounded<HistoryEntry>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            entry =>
            {
                Interlocked.Increment(ref _dropped);
                if (entry is EventEntry)
                {
                    Interlocked.Increment(ref _droppedEvents);
                }
            });
    }

    public Channel<HistoryEntry> Channel { get; }

    /// <summary>Entries dropped because the writer fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Detected events among the dropped entries.</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Queues an entry (never waits).</summary>
    public void Add(HistoryEntry entry) => Channel.Writer.TryWrite(entry);
}
