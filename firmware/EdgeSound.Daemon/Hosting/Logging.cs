using System.Globalization;
using EdgeSound.Daemon.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Serilog for the daemon: everything to stderr (stdout carries only events with <c>--events -</c>), in journald
/// form under systemd (<c>&lt;N&gt;</c> syslog priority prefix, no timestamp: journald adds its own), otherwise with a
/// time and level; plus an optional daily rolling file keeping 7 days, behind a <see cref="LogFileGuard"/> (a full disk
/// drops log-file lines, never the daemon).
/// </summary>
public static class Logging
{
    public static Logger Create(LoggingOptions o)
    {
        var level = Enum.Parse<LogEventLevel>(o.Level);
        var journald = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 };
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.With(new SyslogPriorityEnricher())
            .WriteTo.Console(
                outputTemplate: journald ? "<{SyslogPriority}>{Message:lj}{NewLine}{Exception}" : "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose,
                theme: journald ? ConsoleTheme.None : null);
        if (o.File.Length > 0)
        {
            var file = new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .WriteTo.File(o.File, formatProvider: CultureInfo.InvariantCulture, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7,
                    outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
                .CreateLogger();
            config = config.WriteTo.Sink(new LogFileGuard(file, o.File));
        }

        return config.CreateLogger();
    }

    /// <summary>Adds <c>SyslogPriority</c> (sd-daemon(3) levels: 7 debug, 6 info, 4 warning, 3 error, 2 critical).</summary>
    private sealed class SyslogPriorityEnricher : ILogEventEnricher
    {
        private static readonly LogEventProperty[] Priorities =
        [
            new("SyslogPriority", new ScalarValue(7)),
            new("SyslogPriority", new ScalarValue(7)),
            new("SyslogPriority", new ScalarValue(6)),
            new("SyslogPriority", new ScalarValue(4)),
            new("SyslogPriority", new ScalarValue(3)),
            new("SyslogPriority", new ScalarValue(2)),
        ];

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
            logEvent.AddPropertyIfAbsent(Priorities[(int)logEvent.Level]);
    }
}
