using System.Globalization;

namespace EdgeSound.Daemon.Hosting.Systemd;

/// <summary>
/// The service's watchdog timeout from the environment systemd gives it (sd_watchdog_enabled(3)): <c>WATCHDOG_USEC</c>
/// (microseconds) applies when <c>WATCHDOG_PID</c> is unset or names this process. Microsoft.Extensions.Hosting.Systemd
/// does not read these, so the daemon does.
/// </summary>
public static class WatchdogTimeout
{
    public const string UsecVariable = "WATCHDOG_USEC";
    public const string PidVariable = "WATCHDOG_PID";

    /// <summary>The timeout for this process, or null when no watchdog applies to it.</summary>
    /// <exception cref="FormatException">A variable is not a number; the message names it and its value.</exception>
    public static TimeSpan? FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable(UsecVariable), Environment.GetEnvironmentVariable(PidVariable), Environment.ProcessId);

    /// <summary>The timeout when it applies to <paramref name="processId"/>; null when unset, zero or meant for another process.</summary>
    /// <exception cref="FormatException">A variable is not a number; the message names it and its value.</exception>
    public static TimeSpan? Parse(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (string.IsNullOrEmpty(watchdogUsec))
        {
            return null;
        }

        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec))
        {
            throw new FormatException($"{UsecVariable}='{watchdogUsec}' is not a number of microseconds");
        }

        if (!string.IsNullOrEmpty(watchdogPid))
        {
            if (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                throw new FormatException($"{PidVariable}='{watchdogPid}' is not a process id");
            }

            if (pid != processId)
            {
                return null;
            }
        }

        return usec == 0 ? null : TimeSpan.FromMicroseconds(usec);
    }
}
