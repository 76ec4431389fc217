using System.Buffers;
using System.Text.Json;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Levels;

namespace EdgeSound.Daemon.Web;

/// <summary>The JSON bodies of the dashboard's API, written with <see cref="Utf8JsonWriter"/>.</summary>
public static class DashboardJson
{
    /// <summary><c>/api/events</c>: a JSON array of the <c>--events</c> objects (<see cref="EventJson"/>), newest first.</summary>
    public static byte[] Events(IReadOnlyList<DetectedEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("["u8);
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(EventJson.ToUtf8(events[i], eventType: false));
        }

        buffer.Write("]"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <c>/api/levels</c>: a JSON array, oldest first, of <c>{"start", "seconds", "laeq", "lafmax", "l10", "l50", "l90",
    /// "occupancy": {label: share 0..1}}</c>; levels A-weighted in dBFS, rounded to 0.1 dB (dB SPL = dBFS +
    /// <c>calibration_db</c> of <see cref="Model"/>).
    /// </summary>
    public static byte[] Levels(IReadOnlyList<MinuteRecord> minutes)
    {
        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var m in minutes)
            {
                var l = m.Levels;
                w.WriteStartObject();
                w.WriteString("start", EventJson.FormatTime(l.Start));
                w.WriteNumber("seconds", Math.Round(l.Seconds, 1));
                Db(w, "laeq", l.LAeq);
                Db(w, "lafmax", l.LAFmax);
                Db(w, "l10", l.L10);
                Db(w, "l50", l.L50);
                Db(w, "l90", l.L90);
                w.WriteStartObject("occupancy");
                foreach (var (label, share) in m.Occupancy)
                {
                    w.WriteNumber(label, Math.Round(share, 3));
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>
    /// <c>/api/model</c>: <c>{"model", "calibration_db" (null: dBFS only), "classes": [{"label", "enabled", "threshold"}]}</c>
    /// with the onset threshold each label's events need.
    /// </summary>
    public static byte[] Model(string modelName, DetectionRules rules, double? calibrationDb)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("model", modelName);
            if (calibrationDb is { } c)
            {
                w.WriteNumber("calibration_db", c);
            }
            else
            {
                w.WriteNull("calibration_db");
            }

            w.WriteStartArray("classes");
            for (var i = 0; i < rules.Labels.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("label", rules.Labels[i]);
                w.WriteBoolean("enabled", rules.Classes[i].Enabled);
                w.WriteNumber("threshold", Math.Round(rules.Classes[i].Onset, 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void Db(Utf8JsonWriter w, string name, double db)
    {
        if (double.IsFinite(db))
        {
            w.WriteNumber(name, Math.Round(db, 1));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            body(w);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
