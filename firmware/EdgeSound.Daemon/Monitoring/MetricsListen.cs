using System.Globalization;

namespace EdgeSound.Daemon.Monitoring;

/// <summary>
/// The <c>metrics:listen</c> value: <c>HOST:PORT</c> (for example <c>127.0.0.1:9464</c>, or <c>+:9464</c> for every
/// interface); the daemon then serves <c>http://HOST:PORT/metrics</c> (<see cref="Hosting.MetricsService"/>).
/// </summary>
public readonly record struct MetricsListen(string Host, int Port)
{
    public static bool TryParse(string text, out MetricsListen listen)
    {
        listen = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || text.AsSpan(0, colon).ContainsAny("/ ") ||
            !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        listen = new MetricsListen(text[..colon], port);
        return true;
    }
}
