namespace EdgeSound.Daemon.Detection;

/// <summary>
/// Spans of the input (seconds from its start) during which the device's own cue plays, so that the windows
/// overlapping them are not classified: the shipped model hears 22 of the 50 class cues as <c>siren</c>, and a device
/// that detected its own cues would answer them forever. The cue player opens a span when a cue starts; the pipeline
/// asks, window by window, whether a window overlaps one. Thread-safe.
/// </summary>
public sealed class PlaybackGate
{
    private readonly List<(double Start, double End)> _spans = [];

    /// <summary>Marks [<paramref name="startSeconds"/>, <paramref name="startSeconds"/> + <paramref name="seconds"/>) as playing.</summary>
    public void Open(double startSeconds, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        lock (_spans)
        {
            _spans.Add((startSeconds, startSeconds + seconds));
        }
    }

    /// <summary>
    /// True when the window [<paramref name="start"/>, <paramref name="end"/>) overlaps a playing span. Windows come in
    /// order, so spans that end before <paramref name="start"/> are forgotten.
    /// </summary>
    public bool Overlaps(double start, double end)
    {
        lock (_spans)
        {
            var overlaps = false;
            for (var i = _spans.Count - 1; i >= 0; i--)
            {
                var (s, e) = _spans[i];
                if (e <= start)
                {
                    _spans.RemoveAt(i);
                }
                else
                {
                    overlaps |= s < end;
                }
            }

            return overlaps;
        }
    }
}
