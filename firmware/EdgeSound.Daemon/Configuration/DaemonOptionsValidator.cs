using System.Globalization;
using EdgeSound.Daemon.Detection;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// The rules that join several keys or look outside the file (an environment variable, the model's labels). Each
/// value alone has already passed its rule in <see cref="ConfigSchema"/>; each failure here names its keys and values.
/// </summary>
public static class DaemonOptionsValidator
{
    public static List<string> Check(DaemonOptions o)
    {
        var e = new List<string>();
        var a = o.Audio;
        if (a.Channel >= a.Channels)
        {
            e.Add($"audio:channel must be below audio:channels ({a.Channels}), got {a.Channel}");
        }

        AtLeast(e, "audio:buffer_ms", a.BufferMs, "2 x audio:period_ms", 2 * a.PeriodMs);
        AtLeast(e, "audio:reopen_max_s", a.ReopenMaxSeconds, "audio:reopen_min_s", a.ReopenMinSeconds);
        var d = o.Detection;
        if (d.OffsetThreshold > d.Threshold)
        {
            e.Add($"detection:offset_threshold must not exceed detection:threshold ({Num(d.Threshold)}), got {Num(d.OffsetThreshold)}");
        }

        AtLeast(e, "detection:max_duration_s", d.MaxDurationSeconds, "detection:min_duration_s", d.MinDurationSeconds);
        for (var i = 0; i < d.Exclude.Count; i++)
        {
            var included = d.Include.IndexOf(d.Exclude[i]);
            if (included >= 0)
            {
                e.Add($"detection:exclude:{i}: '{d.Exclude[i]}' is also detection:include:{included}; a label both included and excluded never raises an event");
            }
        }

        foreach (var (label, c) in d.Classes)
        {
            var onset = c.Threshold ?? d.Threshold;
            var offset = c.OffsetThreshold ?? Math.Min(d.OffsetThreshold, onset);
            if (offset > onset)
            {
                e.Add($"detection:classes:{label}:offset_threshold must not exceed the class threshold ({Num(onset)}), got {Num(offset)}");
            }
        }

        var m = o.Mqtt;
        AtLeast(e, "mqtt:reconnect_max_s", m.ReconnectMaxSeconds, "mqtt:reconnect_min_s", m.ReconnectMinSeconds);
        for (var i = 1; i < m.EventTypes.Count; i++)
        {
            var first = m.EventTypes.IndexOf(m.EventTypes[i]);
            if (first < i)
            {
                e.Add($"mqtt:event_types:{i}: '{m.EventTypes[i]}' is also mqtt:event_types:{first}; list each event type once");
            }
        }

        if (m.Host.Length > 0)
        {
            if (m.PasswordEnv.Length > 0)
            {
                switch (Environment.GetEnvironmentVariable(m.PasswordEnv))
                {
                    case null:
                        e.Add($"mqtt:password_env: environment variable {m.PasswordEnv} is not set");
                        break;
                    case "":
                        e.Add($"mqtt:password_env: environment variable {m.PasswordEnv} is empty; it must hold the broker password");
                        break;
                }
            }

            if (m.PasswordFile.Length > 0 && m.PasswordEnv.Length > 0)
            {
                e.Add("mqtt:password_file and mqtt:password_env are both set; use one");
            }

            if ((m.CertFile.Length > 0) != (m.KeyFile.Length > 0))
            {
                e.Add("mqtt:cert_file and mqtt:key_file go together: set both or neither");
            }
        }

        var g = o.Gpio;
        if (g.LedLine >= 0 && g.LedLine == g.ButtonLine)
        {
            e.Add($"gpio:button_line must differ from gpio:led_line, both are {g.LedLine}");
        }

        if (o.Cues.Output != "speaker" && g.BuzzerPwmChip < 0)
        {
            e.Add($"cues:output {o.Cues.Output} needs a buzzer: set gpio:buzzer_pwm_chip (it is {g.BuzzerPwmChip})");
        }

        foreach (var (label, c) in o.Cues.Classes)
        {
            var key = $"cues:classes:{label}";
            if (c.Pattern is { Length: > 0 } && c.File is { Length: > 0 })
            {
                e.Add($"{key}:pattern and {key}:file are both set; use one");
            }
            else if (c.Pattern is null && c.File is not { Length: > 0 })
            {
                e.Add($"{key}:file is empty and {key}:pattern is not set: give the cue as one of the two");
            }
        }

        if (o.Web.Listen.Length > 0 && o.Web.Token.Length == 0 && Web.WebListen.TryParse(o.Web.Listen, out var web) && !web.IsLoopback)
        {
            e.Add($"web:token must be set when web:listen ({o.Web.Listen}) is beyond loopback");
        }

        return e;
    }

    /// <summary>
    /// Checks the label names the options use against the model's labels. A name the model lacks is refused, not
    /// warned about: <c>exclude: [dgo]</c> would otherwise let the dog through without a word. The lists and cues also take
    /// <c>unknown</c>, the label of unknown-sound events. <c>background</c> (<see cref="ModelLabels.Background"/>) is refused
    /// in <c>detection:include</c> and <c>cues:classes</c>: it never raises an event, so the list or cue would do nothing.
    /// </summary>
    public static List<string> CheckLabels(DaemonOptions o, IReadOnlyList<string> labels)
    {
        var e = new List<string>();
        var known = new HashSet<string>(labels, StringComparer.Ordinal);
        foreach (var label in o.Detection.Classes.Keys)
        {
            if (!known.Contains(label))
            {
                e.Add($"detection:classes:{label}: the model has no label '{label}'{Hint(label, known)}");
            }
        }

        known.Add(UnknownRule.Label);
        foreach (var label in o.Cues.Classes.Keys)
        {
            if (!known.Contains(label))
            {
                e.Add($"cues:classes:{label}: the model has no label '{label}'{Hint(label, known)}");
            }
        }

        CheckList(e, "detection:include", o.Detection.Include, known);
        CheckList(e, "detection:exclude", o.Detection.Exclude, known);
        for (var i = 0; i < o.Detection.Include.Count; i++)
        {
            if (o.Detection.Include[i] == ModelLabels.Background)
            {
                e.Add($"detection:include:{i}: '{ModelLabels.Background}' never raises an event (it is the model's 'nothing is happening' class)");
            }
        }

        if (o.Cues.Classes.ContainsKey(ModelLabels.Background))
        {
            e.Add($"cues:classes:{ModelLabels.Background}: '{ModelLabels.Background}' never raises an event, so its cue would never play");
        }

        CheckList(e, "mqtt:event_types", o.Mqtt.EventTypes, known);
        return e;
    }

    private static void CheckList(List<string> e, string key, List<string> values, HashSet<string> known)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!known.Contains(values[i]))
            {
                e.Add($"{key}:{i}: the model has no label '{values[i]}'{Hint(values[i], known)}");
            }
        }
    }

    private static string Hint(string label, IEnumerable<string> known) =>
        NameSuggestion.Nearest(label, known) is { } guess ? $"; did you mean {guess}?" : "";

    private static void AtLeast(List<string> e, string key, double value, string otherKey, double other)
    {
        if (value < other)
        {
            e.Add($"{key} must be at least {otherKey} ({Num(other)}), got {Num(value)}");
        }
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
