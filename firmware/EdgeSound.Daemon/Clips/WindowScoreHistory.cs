namespace EdgeSound.Daemon.Clips;

/// <summary>One scored analysis window: its span (seconds from the input start) and one score per model label.</summary>
public sealed record WindowScores(double StartSeconds, double EndSeconds, float[] Scores);

/// <summary>
/// The per-class scores of the last <c>capacity</c> scored windows (windows below the level gate are not scored
/// and not kept), so a clip can carry the scores of its event's windows. No allocation per window.
/// </summary>
public sealed class WindowScoreHistory
{
    private readonly float[] _scores;
    private readonly double[] _start;
    private readonly double[] _end;
    private readonly int _classes;
    private long _count;

    public WindowScoreHistory(int capacity, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        _classes = classes;
        _scores = new float[capacity * classes];
        _start = new double[capacity];
        _end = new double[capacity];
    }

    public void Add(double startSeconds, double endSeconds, ReadOnlySpan<float> scores)
    {
        if (scores.Length != _classes)
        {
            throw new ArgumentException($"got {scores.Length} scores, expected {_classes}", nameof(scores));
        }

        var slot = (int)(_count % _start.Length);
        _start[slot] = startSeconds;
        _end[slot] = endSeconds;
        scores.CopyTo(_scores.AsSpan(slot * _classes, _classes));
        _count++;
    }

    /// <summary>The kept windows that overlap [<paramref name="start"/>, <paramref name="end"/>), oldest first.</summary>
    public List<WindowScores> Overlapping(double start, double end)
    {
        var result = new List<WindowScores>();
        var held = (int)Math.Min(_count, _start.Length);
        for (var age = held - 1; age >= 0; age--)
        {
            var slot = (int)((_count - 1 - age) % _start.Length);
            if (_start[slot] < end && _end[slot] > start)
            {
                result.Add(new WindowScores(_start[slot], _end[slot], _scores.AsSpan(slot * _classes, _classes).ToArray()));
            }
        }

        return result;
    }
}
