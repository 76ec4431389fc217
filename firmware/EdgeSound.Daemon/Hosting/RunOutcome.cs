namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// How a run ends, as its services report it (thread-safe): the exit code, the input fault that stopped it, whether
/// the input ended by itself, and the event records an output could not keep. <see cref="DaemonApp"/> reads it once
/// the host has stopped.
/// </summary>
public sealed class RunOutcome
{
    private readonly Lock _gate = new();
    private int _exitCode;
    private string? _inputFault;
    private long _lostEventRecords;
    private volatile bool _inputEnded;

    /// <summary>Process exit code: 0, or the first failure's code.</summary>
    public int ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _exitCode;
            }
        }
    }

    /// <summary>What stopped the run when its input failed (naming the source and the fault), else null; the run
    /// repeats it as its last line, after every service has logged its stop.</summary>
    public string? InputFault
    {
        get
        {
            lock (_gate)
            {
                return _inputFault;
            }
        }
    }

    /// <summary>True once the input ended by itself (end of a file or of stdin), not by a stop: alerts the broker has
    /// not taken by the end of the run then make it exit 1.</summary>
    public bool InputEnded => _inputEnded;

    /// <summary>Event records an output could not keep (event lines not written); the run then exits 1.</summary>
    public long LostEventRecords => Interlocked.Read(ref _lostEventRecords);

    /// <summary>Records a fatal input fault: the run stops with <paramref name="exitCode"/> (unless an earlier failure
    /// set one) and ends on <paramref name="reason"/>.</summary>
    public void FailInput(int exitCode, string reason)
    {
        lock (_gate)
        {
            _inputFault ??= reason;
            Fail(exitCode);
        }
    }

    /// <summary>Records a failure with <paramref name="exitCode"/> (non-zero); the first failure's code is the run's.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exitCode"/> is 0.</exception>
    public void Fail(int exitCode)
    {
        ArgumentOutOfRangeException.ThrowIfZero(exitCode);
        lock (_gate)
        {
            if (_exitCode == 0)
            {
                _exitCode = exitCode;
            }
        }
    }

    public void MarkInputEnded() => _inputEnded = true;

    public void RecordLoss(long records) => Interlocked.Add(ref _lostEventRecords, records);
}
