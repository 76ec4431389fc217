namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The live level as an observable: every 100 ms reading of the <see cref="SoundLevelMeter"/>, pushed to each
/// subscriber on the pipeline thread (a subscriber must return quickly and not throw). Subscribing and disposing the
/// subscription are thread-safe.
/// </summary>
public sealed class LevelFeed : IObservable<LevelReading>
{
    private IObserver<LevelReading>[] _observers = [];

    public IDisposable Subscribe(IObserver<LevelReading> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Swap(list => [.. list, observer]);
        return new Subscription(this, observer);
    }

    /// <summary>Sends one reading to every subscriber.</summary>
    public void Publish(LevelReading reading)
    {
        foreach (var o in Volatile.Read(ref _observers))
        {
            o.OnNext(reading);
        }
    }

    /// <summary>Tells every subscriber the input has ended.</summary>
    public void Complete()
    {
        foreach (var o in Interlocked.Exchange(ref _observers, []))
        {
            o.OnCompleted();
        }
    }

    private void Swap(Func<IObserver<LevelReading>[], IObserver<LevelReading>[]> change)
    {
        IObserver<LevelReading>[] before, after;
        do
        {
            before = Volatile.Read(ref _observers);
            after = change(before);
        }
        while (Interlocked.CompareExchange(ref _observers, after, before) != before);
    }

    private sealed class Subscription(LevelFeed feed, IObserver<LevelReading> observer) : IDisposable
    {
        public void Dispose() => feed.Swap(list => Array.FindAll(list, o => !ReferenceEquals(o, observer)));
    }
}
