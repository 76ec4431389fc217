namespace EdgeSound.Daemon.Hosting;

/// <summary>Pipeline and alert counters for status reports (thread-safe).</summary>
public sealed class DaemonStats
{
    private long _windows;
    private long _gated;
    private long _events;
    private long _levelBits = BitConverter.DoubleToInt64Bits(-120);
    private long _peakBits = BitConverter.DoubleToInt64Bits(-120);
    private long _heartbeatTicks = Environment.TickCount64;
    private long _mutedUntilTicks;

    public long Windows => Interlocked.Read(ref _windows);
    public long GatedWindows => Interlocked.Read(ref _gated);
    public long Events => Interlocked.Read(ref _events);
    public double LevelDbfs => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _levelBits));
    /// <summary>Milliseconds since the pipeline last finished a chunk of audio.</summary>
    public long HeartbeatAgeMs => Environment.TickCount64 - Interlocked.Read(ref _heartbeatTicks);
    public bool Muted => Environment.TickCount64 < Interlocked.Read(ref _mutedUntilTicks);

    public void SetWindows(long windows, long gated)
    {
        Interlocked.Exchange(ref _windows, windows);
        Interlocked.Exchange(ref _gated, gated);
        Interlocked.Exchange(ref _heartbeatTicks, Environment.TickCount64);
    }

    public void AddEvent() => Interlocked.Increment(ref _events);

    /// <summary>Records a window level; <see cref="TakePeakDbfs"/> returns the loudest since the last call.</summary>
    public void ObserveLevel(double dbfs)
    {
        Interlocked.Exchange(ref _levelBits, BitConverter.DoubleToInt64Bits(dbfs));
        long current;
        do
        {
            current = Interlocked.Read(ref _peakBits);
            if (BitConverter.Int64BitsToDouble(current) >= dbfs)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _peakBits, BitConverter.DoubleToInt64Bits(dbfs), current) != current);
    }

    public double TakePeakDbfs() => BitConverter.Int64BitsToDouble(Interlocked.Exchange(ref _peakBits, BitConverter.DoubleToInt64Bits(-120)));

    public void MuteFor(TimeSpan span) => Interlocked.Exchange(ref _mutedUntilTicks, Environment.TickCount64 + (long)span.TotalMilliseconds);
}
