using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeSound.Native.Systemd;

/// <summary>
/// The systemd notify protocol without libsystemd: newline-separated <c>KEY=VALUE</c> assignments sent as one
/// datagram to the unix socket named by <c>$NOTIFY_SOCKET</c> (a path, or an abstract name starting with '@').
/// When there is no socket (not started by systemd, or <c>Type=</c> is not notify) every call is a no-op that
/// returns false, like <c>sd_notify</c> returning 0.
/// </summary>
/// <remarks>
/// For <c>Type=notify</c> with <c>WatchdogSec=</c>: send <see cref="Ready"/> once started, then
/// <see cref="Watchdog"/> at least every <see cref="WatchdogInterval"/> / 2, and <see cref="Stopping"/> on shutdown.
/// The calling thread sends; nothing runs in the background. Thread-safe (one socket send per call).
/// </remarks>
public sealed class SystemdNotifier : IDisposable
{
    /// <summary>Environment variable naming the notification socket.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    /// <summary>Environment variable with the watchdog timeout in microseconds.</summary>
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";

    /// <summary>Environment variable with the PID the watchdog applies to.</summary>
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    /// <summary>Creates a notifier for an explicit socket.</summary>
    /// <param name="socketPath">Path of the datagram socket, "@name" for an abstract socket, or null/empty for none.</param>
    /// <param name="watchdogInterval">The watchdog timeout, or null when no watchdog is configured.</param>
    /// <exception cref="ArgumentException">The path is relative or too long for a unix socket address.</exception>
    public SystemdNotifier(string? socketPath, TimeSpan? watchdogInterval = null)
    {
        WatchdogInterval = watchdogInterval;
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }

        if (socketPath[0] != '@' && socketPath[0] != '/')
        {
            throw new ArgumentException($"{NotifySocketVariable} '{socketPath}' is neither an absolute path nor an abstract '@' name.", nameof(socketPath));
        }

        SocketPath = socketPath;
        string address = socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath;
        _endpoint = new UnixDomainSocketEndPoint(address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>The socket notifications go to, or null when notifications are disabled.</summary>
    public string? SocketPath { get; }

    /// <summary>True when a notification socket is configured.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The service's watchdog timeout (<c>WatchdogSec=</c>), or null when none applies to this process.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>Reads <c>$NOTIFY_SOCKET</c>, <c>$WATCHDOG_USEC</c> and <c>$WATCHDOG_PID</c> of this process.</summary>
    public static SystemdNotifier FromEnvironment() =>
        FromEnvironment(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <summary>Like <see cref="FromEnvironment()"/> with an explicit variable source and process id (for tests).</summary>
    /// <exception cref="FormatException">WATCHDOG_USEC or WATCHDOG_PID is not a number; the message names it.</exception>
    public static SystemdNotifier FromEnvironment(Func<string, string?> getVariable, int processId)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return new SystemdNotifier(
            getVariable(NotifySocketVariable),
            ParseWatchdog(getVariable(WatchdogUsecVariable), getVariable(WatchdogPidVariable), processId));
    }

    /// <summary>
    /// The watchdog interval from WATCHDOG_USEC when it applies to <paramref name="processId"/> (WATCHDOG_PID unset or
    /// equal), as <c>sd_watchdog_enabled</c> decides; null when unset, zero or meant for another process.
    /// </summary>
    /// <exception cref="FormatException">A value is not a number; the message names the variable and value.</exception>
    public static TimeSpan? ParseWatchdog(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (string.IsNullOrEmpty(watchdogUsec))
        {
            return null;
        }

        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec))
        {
            throw new FormatException($"{WatchdogUsecVariable}='{watchdogUsec}' is not a number of microseconds.");
        }

        if (!string.IsNullOrEmpty(watchdogPid))
        {
            if (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                throw new FormatException($"{WatchdogPidVariable}='{watchdogPid}' is not a process id.");
            }

            if (pid != processId)
            {
                return null;
            }
        }

        return usec == 0 ? null : TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>Sends <c>READY=1</c> (startup finished).</summary>
    public bool Ready() => Notify("READY=1");

    /// <summary>Sends <c>STATUS=…</c>, the one-line status <c>systemctl status</c> shows.</summary>
    public bool Status(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Contains('\n'))
        {
            throw new ArgumentException("A systemd STATUS must be a single line.", nameof(status));
        }

        return Notify("STATUS=" + status);
    }

    /// <summary>Sends <c>WATCHDOG=1</c> (keep-alive ping).</summary>
    public bool Watchdog() => Notify("WATCHDOG=1");

    /// <summary>Sends <c>STOPPING=1</c> (shutdown began).</summary>
    public bool Stopping() => Notify("STOPPING=1");

    /// <summary>Sends raw assignments, e.g. "READY=1\nSTATUS=listening".</summary>
    /// <returns>True when sent, false when no socket is configured.</returns>
    /// <exception cref="IOException">The send failed (socket missing, no listener); the message names the socket.</exception>
    public bool Notify(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        if (_socket is null)
        {
            return false;
        }

        byte[] datagram = Encoding.UTF8.GetBytes(state);
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _endpoint!);
        }
        catch (SocketException ex)
        {
            throw new IOException($"systemd notification to {NotifySocketVariable} '{SocketPath}' failed: {ex.Message}", ex);
        }

        return true;
    }

    /// <summary>Closes the sending socket.</summary>
    public void Dispose() => _socket?.Dispose();
}
