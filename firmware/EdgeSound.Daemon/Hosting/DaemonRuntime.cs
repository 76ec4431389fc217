using System.Threading.Channels;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Mqtt;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// What the services share, built once before the host starts: the source, the scorer, the resolved detection
/// rules, the two bounded channels and the alert transport (null without a broker).
/// <para>Channels: audio (capture -> pipeline) holds <c>audio:queue_s</c> seconds, full mode Wait (files and pipes
/// wait, live capture drops and counts); events (pipeline -> alerts) holds 256 events, full mode Wait (an event
/// is never dropped between stages; the alert stage only appends to a file and the outbox).</para>
/// </summary>
public sealed class DaemonRuntime(IAudioSource source, IReadOnlyList<IWindowScorer> scorers, DetectionRules rules, double queueSeconds, Outbox? outbox, MqttLink? link)
{
    public IAudioSource Source { get; } = source;

    /// <summary>One scorer, or several sessions of the same model scoring batches in parallel (files at max speed).</summary>
    public IReadOnlyList<IWindowScorer> Scorers { get; } = scorers;
    public DetectionRules Rules { get; } = rules;
    public Outbox? Outbox { get; } = outbox;
    public MqttLink? Link { get; } = link;
    public Channel<AudioChunk> Audio { get; } = AudioChannel.Create(queueSeconds);

    public Channel<DetectedEvent> Events { get; } = Channel.CreateBounded<DetectedEvent>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = true,
    });

    public SourceCounters Counters { get; } = new();
    public DaemonStats Stats { get; } = new();

    /// <summary>Raised for each event after it was stored (the GPIO service blinks on it).</summary>
    public event Action<DetectedEvent>? Alerted;

    public void RaiseAlerted(DetectedEvent e) => Alerted?.Invoke(e);

    /// <summary>Process exit code the services agree on (0 unless something failed).</summary>
    public int ExitCode { get; set; }

    /// <summary>What stopped the run when its input failed (naming the source and the fault), else null; the run
    /// repeats it as its last line, after every service has logged its stop.</summary>
    public string? InputFault { get; private set; }

    /// <summary>Records a fatal input fault: the run stops with <paramref name="exitCode"/> and ends on <paramref name="reason"/>.</summary>
    public void FailInput(int exitCode, string reason)
    {
        ExitCode = exitCode;
        InputFault = reason;
    }

    private long _lostEventRecords;
    private volatile bool _inputEnded;

    /// <summary>True once the input ended by itself (end of a file or of stdin), not by a stop: alerts the broker has
    /// not taken by the end of the run then make it exit 1.</summary>
    public bool InputEnded => _inputEnded;

    public void MarkInputEnded() => _inputEnded = true;

    /// <summary>Event records an output could not keep (event lines not written); the run then exits 1.</summary>
    public long LostEventRecords => Interlocked.Read(ref _lostEventRecords);

    public void RecordLoss(long records) => Interlocked.Add(ref _lostEventRecords, records);
}

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
