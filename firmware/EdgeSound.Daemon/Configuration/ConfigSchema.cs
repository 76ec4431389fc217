namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Every configuration key the daemon takes, with its shape and value rule: one line per key (deploy/edgesound.yaml
/// documents each). A mapping level is any proper prefix of these paths; <c>*</c> matches one label. Rules that
/// join several keys (offset below onset, a channel below the channel count) are in <see cref="DaemonOptionsValidator"/>.
/// </summary>
public static class ConfigSchema
{
    private static readonly ConfigKey[] Table =
    [
        Scalar("audio:speed", ValueRules.OneOf("max", "realtime")),
        Scalar("audio:input", ValueRules.Input),
        Scalar("audio:sample_rate", ValueRules.IntOneOf(16000, 48000)),
        Scalar("audio:format", ValueRules.OneOf("s16_le", "s24_le", "s32_le")),
        Scalar("audio:channels", ValueRules.Int(1, 32)),
        Scalar("audio:channel", ValueRules.Int(0, 31)),
        Scalar("audio:gain_db", ValueRules.Real(-40, 60)),
        Scalar("audio:dc_removal", ValueRules.Bool),
        Scalar("audio:period_ms", ValueRules.Int(4, 500)),
        Scalar("audio:buffer_ms", ValueRules.Int(8, 10000)),
        Scalar("audio:queue_s", ValueRules.Real(0.5, 600)),
        Scalar("audio:reopen_min_s", ValueRules.Real(0.05, 3600)),
        Scalar("audio:reopen_max_s", ValueRules.Real(0.05, 3600)),
        Scalar("audio:check_seconds", ValueRules.Real(0.5, 60)),
        Scalar("model", ValueRules.Text),
        Scalar("allow_unverified_model", ValueRules.Bool),
        Scalar("model_workers", ValueRules.Int(0, 64)),
        Scalar("detection:hop_s", ValueRules.Real(0.05, 10)),
        Scalar("detection:smoothing_windows", ValueRules.Int(1, 20)),
        Scalar("detection:threshold", ValueRules.Probability),
        Scalar("detection:offset_threshold", ValueRules.Probability),
        Scalar("detection:min_duration_s", ValueRules.Real(0, 600)),
        Scalar("detection:max_duration_s", ValueRules.Real(0.1, 3600)),
        Scalar("detection:cooldown_s", ValueRules.Real(0, 86400)),
        Scalar("detection:report_at", ValueRules.OneOf("end", "onset")),
        Scalar("detection:top_label_only", ValueRules.Bool),
        Scalar("detection:gate_dbfs", ValueRules.Real(-140, 0)),
        List("detection:include", ValueRules.Label),
        List("detection:exclude", ValueRules.Label),
        Scalar("detection:classes:*:threshold", ValueRules.Probability),
        Scalar("detection:classes:*:offset_threshold", ValueRules.Probability),
        Scalar("detection:classes:*:min_duration_s", ValueRules.Real(0, 600)),
        Scalar("detection:classes:*:cooldown_s", ValueRules.Real(0, 86400)),
        Scalar("detection:classes:*:quiet_hours", ValueRules.QuietHours),
        Scalar("detection:unknown:enabled", ValueRules.Bool),
        Scalar("detection:unknown:min_windows", ValueRules.Int(1, 100)),
        Scalar("detection:unknown:min_level_dbfs", ValueRules.Real(-140, 0)),
        Scalar("events:file", ValueRules.Text, PathUse.WriteFile),
        Scalar("clips:enabled", ValueRules.Bool),
        Scalar("clips:dir", ValueRules.Text),
        Scalar("clips:pre_roll_s", ValueRules.Real(0, 30)),
        Scalar("clips:post_roll_s", ValueRules.Real(0, 30)),
        Scalar("clips:max_mb", ValueRules.Real(1, 1_000_000)),
        Scalar("mqtt:host", ValueRules.HostName),
        Scalar("mqtt:port", ValueRules.Int(1, 65535)),
        Scalar("mqtt:tls", ValueRules.Bool),
        Scalar("mqtt:ca_file", ValueRules.Text, PathUse.ReadFile, "mqtt:host"),
        Scalar("mqtt:cert_file", ValueRules.Text, PathUse.ReadFile, "mqtt:host"),
        Scalar("mqtt:key_file", ValueRules.Text, PathUse.ReadFile, "mqtt:host"),
        Scalar("mqtt:username", ValueRules.Text),
        Scalar("mqtt:password_file", ValueRules.Text, PathUse.ReadFile, "mqtt:host"),
        Scalar("mqtt:password_env", ValueRules.Text),
        Scalar("mqtt:client_id", ValueRules.Text),
        Scalar("mqtt:keepalive_s", ValueRules.Int(5, 3600)),
        Scalar("mqtt:reconnect_min_s", ValueRules.Real(0.1, 3600)),
        Scalar("mqtt:reconnect_max_s", ValueRules.Real(0.1, 3600)),
        Scalar("mqtt:base_topic", ValueRules.Topic(level: false)),
        Scalar("mqtt:device_id", ValueRules.DeviceId),
        Scalar("mqtt:device_name", ValueRules.Text),
        Scalar("mqtt:discovery", ValueRules.Bool),
        Scalar("mqtt:discovery_prefix", ValueRules.Topic(level: false)),
        List("mqtt:event_types", ValueRules.Label),
        Scalar("mqtt:level_interval_s", ValueRules.Real(0, 86400)),
        Scalar("mqtt:drain_timeout_s", ValueRules.Real(0, 3600)),
        Scalar("mqtt:outbox:path", ValueRules.Text, PathUse.WriteFile, "mqtt:host"),
        Scalar("mqtt:outbox:max_events", ValueRules.Int(1, 10_000_000)),
        Scalar("mqtt:outbox:full_policy", ValueRules.OneOf("drop_oldest", "drop_newest")),
        Scalar("gpio:chip", ValueRules.Text),
        Scalar("gpio:led_line", ValueRules.Int(-1, 1023)),
        Scalar("gpio:led_active_low", ValueRules.Bool),
        Scalar("gpio:blink_ms", ValueRules.Int(10, 10000)),
        Scalar("gpio:button_line", ValueRules.Int(-1, 1023)),
        Scalar("gpio:mute_s", ValueRules.Real(1, 86400)),
        Scalar("gpio:debounce_ms", ValueRules.Int(0, 1000)),
        Scalar("gpio:hold_ms", ValueRules.Int(200, 60000)),
        Scalar("gpio:buzzer_pwm_chip", ValueRules.Int(-1, 63)),
        Scalar("gpio:buzzer_pwm_channel", ValueRules.Int(0, 63)),
        Scalar("cues:enabled", ValueRules.Bool),
        Scalar("cues:output", ValueRules.OneOf("speaker", "buzzer", "both")),
        Scalar("cues:device", ValueRules.AlsaDevice),
        Scalar("cues:sample_rate", ValueRules.Int(8000, 192000)),
        Scalar("cues:rate_limit_s", ValueRules.Real(0, 86400)),
        Scalar("cues:quiet_hours", ValueRules.QuietHours),
        Scalar("cues:tail_s", ValueRules.Real(0, 10)),
        Scalar("cues:classes:*:pattern", ValueRules.CuePattern),
        Scalar("cues:classes:*:file", ValueRules.Text),
        Scalar("cues:classes:*:rate_limit_s", ValueRules.Real(0, 86400)),
        Scalar("logging:level", ValueRules.OneOf("Verbose", "Debug", "Information", "Warning", "Error")),
        Scalar("logging:file", ValueRules.Text, PathUse.WriteFile),
        Scalar("levels:calibration_db", ValueRules.Optional(ValueRules.Real(0, 200))),
        Scalar("levels:history_days", ValueRules.Int(1, 3650)),
        Scalar("metrics:listen", ValueRules.Optional(ValueRules.HostPort)),
        Scalar("web:listen", ValueRules.Optional(ValueRules.HttpUrl)),
        Scalar("web:token", ValueRules.Text),
        Scalar("state_dir", ValueRules.Text, PathUse.WriteDirectory),
    ];

    private static readonly string[][] Patterns = Array.ConvertAll(Table, k => k.Path.Split(':'));

    /// <summary>The whole table, in the order of deploy/edgesound.yaml's sections.</summary>
    public static IReadOnlyList<ConfigKey> Keys => Table;

    /// <summary>The key whose path matches <paramref name="path"/> (fixed segments case-insensitive, <c>*</c> any label), or null.</summary>
    public static ConfigKey? Find(string path)
    {
        var segments = path.Split(':');
        var i = Array.FindIndex(Patterns, p => p.Length == segments.Length && Matches(p, segments, segments.Length));
        return i >= 0 ? Table[i] : null;
    }

    /// <summary>True when <paramref name="path"/> is a mapping level (a proper prefix of some key); "" is the top level.</summary>
    public static bool IsSection(string path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        var segments = path.Split(':');
        return Array.Exists(Patterns, p => p.Length > segments.Length && Matches(p, segments, segments.Length));
    }

    /// <summary>The key names one level below the mapping <paramref name="section"/> (<c>*</c> shown as <c>&lt;label&gt;</c>).</summary>
    public static IReadOnlyList<string> ChildrenOf(string section)
    {
        var segments = section.Length == 0 ? [] : section.Split(':');
        var children = new List<string>();
        foreach (var p in Patterns)
        {
            if (p.Length > segments.Length && Matches(p, segments, segments.Length))
            {
                var name = p[segments.Length] == "*" ? "<label>" : p[segments.Length];
                if (!children.Contains(name))
                {
                    children.Add(name);
                }
            }
        }

        return children;
    }

    private static ConfigKey Scalar(string path, ValueRule rule, PathUse use = PathUse.None, string? activeWith = null) => new(path, KeyShape.Scalar, rule, use, activeWith);

    private static ConfigKey List(string path, ValueRule rule) => new(path, KeyShape.List, rule);

    private static bool Matches(string[] pattern, string[] segments, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (pattern[i] == "*" ? segments[i].Length == 0 : !string.Equals(pattern[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
