using System.Globalization;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Checks every value of <see cref="DaemonOptions"/>; each failure names its key, the rule and the value found.
/// Registered with <c>ValidateOnStart</c>, so a bad value stops the host before any audio device opens.
/// </summary>
public sealed class DaemonOptionsValidator : IValidateOptions<DaemonOptions>
{
    public ValidateOptionsResult Validate(string? name, DaemonOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Check(DaemonOptions o)
    {
        var e = new List<string>();
        var a = o.Audio;
        OneOf(e, "audio:speed", a.Speed, "realtime", "max");
        OneOf(e, "audio:format", a.Format, "s16_le", "s32_le");
        if (a.SampleRate is not (16000 or 48000))
        {
            e.Add($"audio:sample_rate must be 16000 or 48000, got {a.SampleRate}");
        }

        Range(e, "audio:channels", a.Channels, 1, 32);
        if (a.Channel < 0 || a.Channel >= a.Channels)
        {
            e.Add($"audio:channel must be in [0,{a.Channels - 1}] (audio:channels is {a.Channels}), got {a.Channel}");
        }

        Range(e, "audio:gain_db", a.GainDb, -40, 60);
        Range(e, "audio:period_ms", a.PeriodMs, 4, 500);
        Range(e, "audio:buffer_ms", a.BufferMs, 2 * a.PeriodMs, 10000);
        Range(e, "audio:queue_s", a.QueueSeconds, 0.5, 600);
        Range(e, "audio:reopen_min_s", a.ReopenMinSeconds, 0.05, 3600);
        Range(e, "audio:reopen_max_s", a.ReopenMaxSeconds, a.ReopenMinSeconds, 3600);
        Range(e, "audio:check_seconds", a.CheckSeconds, 0.5, 60);

        Range(e, "model_workers", o.ModelWorkers, 0, 64);
        var d = o.Detection;
        Range(e, "detection:hop_s", d.HopSeconds, 0.05, 10);
        Range(e, "detection:smoothing_windows", d.SmoothingWindows, 1, 20);
        Probability(e, "detection:threshold", d.Threshold);
        Probability(e, "detection:offset_threshold", d.OffsetThreshold);
        if (d.OffsetThreshold > d.Threshold)
        {
            e.Add($"detection:offset_threshold must not exceed detection:threshold ({Num(d.Threshold)}), got {Num(d.OffsetThreshold)}");
        }

        Range(e, "detection:min_duration_s", d.MinDurationSeconds, 0, 600);
        Range(e, "detection:max_duration_s", d.MaxDurationSeconds, Math.Max(d.MinDurationSeconds, 0.1), 3600);
        Range(e, "detection:cooldown_s", d.CooldownSeconds, 0, 86400);
        Range(e, "detection:gate_dbfs", d.GateDbfs, -140, 0);
        OneOf(e, "detection:report_at", d.ReportAt, "end", "onset");
        foreach (var (label, c) in d.Classes)
        {
            var key = "detection:classes:" + label;
            var onset = c.Threshold ?? d.Threshold;
            if (c.Threshold is { } t)
            {
                Probability(e, key + ":threshold", t);
            }

            if (c.OffsetThreshold is { } off)
            {
                Probability(e, key + ":offset_threshold", off);
            }

            var offset = c.OffsetThreshold ?? Math.Min(d.OffsetThreshold, onset);
            if (offset > onset)
            {
                e.Add($"{key}:offset_threshold must not exceed the class threshold ({Num(onset)}), got {Num(offset)}");
            }

            if (c.MinDurationSeconds is { } min)
            {
                Range(e, key + ":min_duration_s", min, 0, 600);
            }

            if (c.CooldownSeconds is { } cd)
            {
                Range(e, key + ":cooldown_s", cd, 0, 86400);
            }

            if (c.QuietHours is { Length: > 0 } q && !QuietHours.TryParse(q, out _))
            {
                e.Add($"{key}:quiet_hours must be HH:MM-HH:MM (local time, start != end), got '{q}'");
            }
        }

        var m = o.Mqtt;
        if (m.Host.Length > 0)
        {
            Range(e, "mqtt:port", m.Port, 1, 65535);
            Range(e, "mqtt:keepalive_s", m.KeepAliveSeconds, 5, 3600);
            Range(e, "mqtt:reconnect_min_s", m.ReconnectMinSeconds, 0.1, 3600);
            Range(e, "mqtt:reconnect_max_s", m.ReconnectMaxSeconds, m.ReconnectMinSeconds, 3600);
            Range(e, "mqtt:level_interval_s", m.LevelIntervalSeconds, 0, 86400);
            Range(e, "mqtt:drain_timeout_s", m.DrainTimeoutSeconds, 0, 3600);
            TopicPart(e, "mqtt:base_topic", m.BaseTopic, allowSlash: true);
            TopicPart(e, "mqtt:discovery_prefix", m.DiscoveryPrefix, allowSlash: true);
            if (m.DeviceId.Length > 0)
            {
                TopicPart(e, "mqtt:device_id", m.DeviceId, allowSlash: false);
            }

            if (m.CaFile.Length > 0 && !File.Exists(m.CaFile))
            {
                e.Add($"mqtt:ca_file: file not found: {m.CaFile}");
            }

            if (m.CertFile.Length > 0 && !File.Exists(m.CertFile))
            {
                e.Add($"mqtt:cert_file: file not found: {m.CertFile}");
            }

            if (m.KeyFile.Length > 0 && !File.Exists(m.KeyFile))
            {
                e.Add($"mqtt:key_file: file not found: {m.KeyFile}");
            }

            if ((m.CertFile.Length > 0) != (m.KeyFile.Length > 0))
            {
                e.Add("mqtt:cert_file and mqtt:key_file go together: set both or neither");
            }

            if (m.PasswordFile.Length > 0 && !File.Exists(m.PasswordFile))
            {
                e.Add($"mqtt:password_file: file not found: {m.PasswordFile}");
            }

            if (m.PasswordEnv.Length > 0 && Environment.GetEnvironmentVariable(m.PasswordEnv) is null)
            {
                e.Add($"mqtt:password_env: environment variable {m.PasswordEnv} is not set");
            }

            if (m.PasswordFile.Length > 0 && m.PasswordEnv.Length > 0)
            {
                e.Add("mqtt:password_file and mqtt:password_env are both set; use one");
            }

            Range(e, "mqtt:outbox:max_events", m.Outbox.MaxEvents, 1, 10_000_000);
            OneOf(e, "mqtt:outbox:full_policy", m.Outbox.FullPolicy, "drop_oldest", "drop_newest");
        }

        var g = o.Gpio;
        Range(e, "gpio:led_line", g.LedLine, -1, 1023);
        Range(e, "gpio:button_line", g.ButtonLine, -1, 1023);
        if (g.LedLine >= 0 && g.LedLine == g.ButtonLine)
        {
            e.Add($"gpio:button_line must differ from gpio:led_line, both are {g.LedLine}");
        }

        Range(e, "gpio:blink_ms", g.BlinkMs, 10, 10000);
        Range(e, "gpio:mute_s", g.MuteSeconds, 1, 86400);
        OneOf(e, "logging:level", o.Logging.Level, "Verbose", "Debug", "Information", "Warning", "Error");
        return e;
    }

    /// <summary>Checks the label names the options use against the model's labels.</summary>
    public static List<string> CheckLabels(DaemonOptions o, IReadOnlyList<string> labels)
    {
        var e = new List<string>();
        var known = new HashSet<string>(labels, StringComparer.Ordinal);
        foreach (var label in o.Detection.Classes.Keys)
        {
            if (!known.Contains(label))
            {
                e.Add($"detection:classes:{label}: the model has no label '{label}'");
            }
        }

        CheckList(e, "detection:include", o.Detection.Include, known);
        CheckList(e, "detection:exclude", o.Detection.Exclude, known);
        CheckList(e, "mqtt:event_types", o.Mqtt.EventTypes, known);
        return e;
    }

    private static void CheckList(List<string> e, string key, List<string> values, HashSet<string> known)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!known.Contains(values[i]))
            {
                e.Add($"{key}:{i}: the model has no label '{values[i]}'");
            }
        }
    }

    private static void TopicPart(List<string> e, string key, string value, bool allowSlash)
    {
        if (value.Length == 0 || value.IndexOfAny(['+', '#', '\0']) >= 0 || value.StartsWith('/') || value.EndsWith('/')
            || (!allowSlash && value.Contains('/')))
        {
            e.Add($"{key} must be a non-empty MQTT topic {(allowSlash ? "path" : "level")} without wildcards{(allowSlash ? " or leading/trailing '/'" : " or '/'")}, got '{value}'");
        }
    }

    private static void OneOf(List<string> e, string key, string value, params string[] allowed)
    {
        if (Array.IndexOf(allowed, value) < 0)
        {
            e.Add($"{key} must be one of {string.Join(", ", allowed)}, got '{value}'");
        }
    }

    private static void Probability(List<string> e, string key, double value)
    {
        if (!(value > 0 && value <= 1))
        {
            e.Add($"{key} must be in (0,1], got {Num(value)}");
        }
    }

    private static void Range(List<string> e, string key, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            e.Add($"{key} must be in [{Num(min)},{Num(max)}], got {Num(value)}");
        }
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
