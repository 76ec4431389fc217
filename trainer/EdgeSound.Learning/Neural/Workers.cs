namespace EdgeSound.Learning.Neural;

/// <summary>
/// How many cores the engine uses. Work is split into contiguous ranges, one per worker, so each worker can own
/// its scratch buffers and gradient partial sums (indexed by the worker number) without locks.
/// </summary>
public sealed class Workers
{
    public Workers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
    }

    /// <summary>One worker per logical processor.</summary>
    public static Workers AllCores => new(Environment.ProcessorCount);

    public int Count { get; }

    /// <summary>Runs <paramref name="body"/>(worker, start, end) over [0, items) split into at most Count ranges.</summary>
    public void For(int items, Action<int, int, int> body)
    {
        if (items <= 0)
        {
            return;
        }

        int used = Math.Min(Count, items);
        if (used == 1)
        {
            body(0, 0, items);
            return;
        }

        Parallel.For(0, used, new ParallelOptions { MaxDegreeOfParallelism = used },
            w => body(w, (int)((long)items * w / used), (int)((long)items * (w + 1) / used)));
    }
}
