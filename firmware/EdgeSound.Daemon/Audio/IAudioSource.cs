using System.Threading.Channels;
using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Audio;

/// <summary>Where samples come from. A source writes 16 kHz mono chunks until its input ends or it is cancelled.</summary>
public interface IAudioSource
{
    /// <summary>Human-readable name for logs ("file x.wav", "ALSA plughw:1,0", "stdin").</summary>
    string Name { get; }

    /// <summary>True for a microphone (drops counted when the pipeline falls behind); false for files and pipes (never drop).</summary>
    bool IsLive { get; }

    /// <summary>How events in this input get their wall-clock time (a recording's start, or the clock for live input).</summary>
    EventClock Clock { get; }

    /// <summary>Writes chunks to <paramref name="writer"/>; returns at the end of the input (the caller completes the writer).</summary>
    Task RunAsync(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel);
}

/// <summary>Counters and liveness a source updates (read by status reports and the systemd watchdog; thread-safe).</summary>
public sealed class SourceCounters
{
    private const long NotReopening = long.MinValue;
    private long _samples;
    private long _droppedChunks;
    private long _overruns;
    private long _reopens;
    private long _heartbeatTicks = Environment.TickCount64;
    private long _reopenDueTicks = NotReopening;

    public long Samples => Interlocked.Read(ref _samples);
    public long DroppedChunks => Interlocked.Read(ref _droppedChunks);
    public long Overruns => Interlocked.Read(ref _overruns);
    public long Reopens => Interlocked.Read(ref _reopens);

    /// <summary>Milliseconds since audio last arrived from the input (or since a reopen attempt).</summary>
    public long HeartbeatAgeMs => Environment.TickCount64 - Interlocked.Read(ref _heartbeatTicks);

    /// <summary>
    /// While the input device is gone and being reopened: milliseconds past the next reopen attempt's due time
    /// (negative while it is still ahead); null while audio flows.
    /// </summary>
    public long? ReopenOverdueMs => Interlocked.Read(ref _reopenDueTicks) is var due && due != NotReopening ? Environment.TickCount64 - due : null;

    public void AddSamples(long n) => Interlocked.Add(ref _samples, n);
    public long AddDropped() => Interlocked.Increment(ref _droppedChunks);
    public long AddOverrun() => Interlocked.Increment(ref _overruns);
    public long AddReopen() => Interlocked.Increment(ref _reopens);

    /// <summary>Audio arrived from the input: it is live (and no longer being reopened).</summary>
    public void Beat()
    {
        Interlocked.Exchange(ref _reopenDueTicks, NotReopening);
        Interlocked.Exchange(ref _heartbeatTicks, Environment.TickCount64);
    }

    /// <summary>The input is not open: the next attempt to open it is due after <paramref name="delay"/> (zero: now).</summary>
    public void Reopening(TimeSpan delay)
    {
        Interlocked.Exchange(ref _heartbeatTicks, Environment.TickCount64);
        Interlocked.Exchange(ref _reopenDueTicks, Environment.TickCount64 + (long)delay.TotalMilliseconds);
    }
}
