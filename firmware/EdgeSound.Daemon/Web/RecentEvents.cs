using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// The last <see cref="Capacity"/> events in memory, fed by the alert stage, read by <c>/api/events</c>: a fixed
/// ring (the oldest is overwritten), so the dashboard shows events at once and even when the history database fails.
/// Thread-safe.
/// </summary>
public sealed class RecentEvents(int capacity = RecentEvents.DefaultCapacity)
{
    public const int DefaultCapacity = 500;

    private readonly DetectedEvent[] _ring = new DetectedEvent[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private readonly Lock _lock = new();
    private long _count;

    public int Capacity => _ring.Length;

    public void Add(DetectedEvent e)
    {
        lock (_lock)
        {
            _ring[_count % _ring.Length] = e;
            _count++;
        }
    }

    /// <summary>Up to <paramref name="limit"/> events, newest first.</summary>
    public IReadOnlyList<DetectedEvent> Latest(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            var n = (int)Math.Min(Math.Min(limit, _ring.Length), _count);
            var list = new DetectedEvent[n];
            for (var i = 0; i < n; i++)
            {
                list[i] = _ring[(_count - 1 - i) % _ring.Length];
            }

            return list;
        }
    }
}
