using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Tests.Mqtt;

/// <summary>Keeps every formatted log line (level and text) for assertions; safe to write from several threads.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }

    public bool Contains(string text) => ToString().Contains(text, StringComparison.Ordinal);

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }
}
