using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// SIGHUP, which the host does not handle: by default it ends the process at once, with no line and no orderly stop
/// (a logrotate <c>postrotate kill -HUP</c> out of habit, a closed terminal). The daemon has nothing to reload, so the
/// signal is ignored with one line saying so; SIGTERM stops it.
/// </summary>
public static class HangupSignal
{
    /// <summary>Ignores SIGHUP, logging each one, until the registration is disposed.</summary>
    public static IDisposable Ignore(ILogger log) => PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        log.LogWarning("SIGHUP ignored: there is nothing to reload (the events file is reopened for each line, so logrotate needs no signal); stop the daemon with SIGTERM");
    });
}
