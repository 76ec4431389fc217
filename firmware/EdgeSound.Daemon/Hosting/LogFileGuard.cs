using Serilog.Core;
using Serilog.Events;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The log file behind a guard, so a full disk on it never ends the daemon. Serilog already drops an event its file
/// sink cannot write; the file stream then keeps the unwritten bytes and throws them at close, which would end the
/// process with an unhandled IOException. The guard catches that and says it on stderr in one line.
/// </summary>
internal sealed class LogFileGuard(Logger file, string path) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => file.Write(logEvent);

    public void Dispose()
    {
        try
        {
            file.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edgesound: log file {path}: the last lines could not be written ({e.Message})");
        }
    }
}
