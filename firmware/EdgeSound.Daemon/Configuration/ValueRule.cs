using System.Globalization;
using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Configuration;

/// <summary>Checks the text of one configuration value; returns what it must be ("must be true or false") or null when it is fine.</summary>
public delegate string? ValueRule(string text);

/// <summary>
/// The value rules of the configuration table (<see cref="ConfigSchema"/>). Numbers are read as the configuration
/// binder reads them (invariant culture, <see cref="NumberStyles.Float"/> or <see cref="NumberStyles.Integer"/>), so a
/// value a rule accepts always binds.
/// </summary>
public static class ValueRules
{
    /// <summary>Any text, including empty.</summary>
    public static readonly ValueRule Text = _ => null;

    /// <summary>A label name (list entries, class names); checked against the model's labels once it is loaded.</summary>
    public static readonly ValueRule Label = t => t.Trim().Length > 0 ? null : "must be a label name";

    /// <summary>The audio input: a WAV file, an ALSA device name or <c>-</c> for stdin; never empty.</summary>
    public static readonly ValueRule Input = t => t.Trim().Length > 0 ? null : "must name a WAV file, an ALSA device or - for stdin";

    /// <summary>A host name or IP address (<see cref="Uri.CheckHostName"/>), or empty for none.</summary>
    public static readonly ValueRule HostName = t => t.Length == 0 || Uri.CheckHostName(t) != UriHostNameType.Unknown ? null : "must be a host name or IP address, or empty for none";

    public static readonly ValueRule Bool = t => bool.TryParse(t, out _) ? null : "must be true or false";

    /// <summary>A score threshold in (0,1].</summary>
    public static readonly ValueRule Probability = t => ParseReal(t) is > 0 and <= 1 ? null : "must be a number in (0,1]";

    /// <summary><c>HH:MM-HH:MM</c>, local time, start != end (see <see cref="Configuration.QuietHours"/>).</summary>
    public static readonly ValueRule QuietHours = t => t.Length == 0 || Configuration.QuietHours.TryParse(t, out _) ? null : "must be HH:MM-HH:MM (local time, start != end)";

    /// <summary>An ALSA PCM device name (any non-empty text).</summary>
    public static readonly ValueRule AlsaDevice = t => t.Trim().Length > 0 ? null : "must name an ALSA device (e.g. default, plughw:0,0)";

    /// <summary>A cue pattern (cue-patterns.md); a fault names the column and the token.</summary>
    public static readonly ValueRule CuePattern = t => PatternProblem(t) is { } problem ? $"must be a cue pattern ({problem})" : null;

    /// <summary><c>HOST:PORT</c>, port 1-65535 (see <see cref="Monitoring.MetricsListen"/>).</summary>
    public static readonly ValueRule HostPort = t => Monitoring.MetricsListen.TryParse(t, out _) ? null : "must be HOST:PORT (e.g. 127.0.0.1:9464)";

    /// <summary><c>http://HOST:PORT</c>, port 1-65535 (see <see cref="Web.WebListen"/>).</summary>
    public static readonly ValueRule HttpUrl = t => Web.WebListen.TryParse(t, out _) ? null : "must be http://HOST:PORT (e.g. http://127.0.0.1:8080)";

    /// <summary>Empty (unset), or a value <paramref name="rule"/> accepts.</summary>
    public static ValueRule Optional(ValueRule rule) => t => t.Length == 0 ? null : rule(t) is { } must ? must + ", or empty for none" : null;

    public static ValueRule Real(double min, double max) =>
        t => ParseReal(t) is { } v && v >= min && v <= max ? null : $"must be a number in [{Num(min)},{Num(max)}]";

    public static ValueRule Int(int min, int max) =>
        t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? null : $"must be a whole number in [{min},{max}]";

    public static ValueRule IntOneOf(params int[] allowed) =>
        t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && Array.IndexOf(allowed, v) >= 0 ? null : $"must be one of {string.Join(", ", allowed)}";

    /// <summary>One of the given words, exactly (case-sensitive).</summary>
    public static ValueRule OneOf(params string[] allowed) =>
        t => Array.IndexOf(allowed, t) >= 0 ? null : $"must be one of {string.Join(", ", allowed)}";

    /// <summary>
    /// An MQTT topic path (<paramref name="level"/> false: levels joined by '/') or a single topic level, without the
    /// wildcards '+' and '#' or NUL (MQTT 3.1.1, section 4.7) and without a leading or trailing '/'.
    /// </summary>
    public static ValueRule Topic(bool level, bool allowEmpty = false) =>
        t => (allowEmpty && t.Length == 0)
            || (t.Length > 0 && t.IndexOfAny(['+', '#', '\0']) < 0 && !t.StartsWith('/') && !t.EndsWith('/') && (!level || !t.Contains('/')))
            ? null
            : level ? "must be an MQTT topic level without wildcards or '/'" : "must be an MQTT topic path without wildcards or leading/trailing '/'";

    /// <summary>
    /// A Home Assistant discovery node id (the device's topic level and the stem of every entity's unique id): one or
    /// more of a-z, A-Z, 0-9, '_' and '-', as Home Assistant's discovery topic pattern requires; empty takes the
    /// default (<see cref="Mqtt.TopicLayout.DefaultDeviceId"/>).
    /// </summary>
    public static readonly ValueRule DeviceId = t => t.All(Mqtt.TopicLayout.IsDiscoveryIdChar)
        ? null
        : "must contain only the characters a-z, A-Z, 0-9, '_' and '-' (Home Assistant discovery ids), or be empty for edgesound-<hostname>";

    /// <summary>Why <paramref name="text"/> is not a cue pattern (<see cref="PatternFormatException"/>'s message), or null.</summary>
    public static string? PatternProblem(string text)
    {
        try
        {
            PatternParser.Parse(text);
            return null;
        }
        catch (PatternFormatException e)
        {
            return e.Message;
        }
    }

    private static double? ParseReal(string t) =>
        double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
