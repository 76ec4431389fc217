using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Events;

/// <summary>
/// The event record the events file, MQTT and the dashboard share (a fixed contract): <c>{"time", "label", "score", "start_s", "end_s", "level_dbfs"}</c>
/// as one compact JSON object, followed by <c>"clip": ID</c> only when the event kept a clip. Scores and seconds
/// are rounded to 3 decimals, the level to 0.1 dB.
/// </summary>
public static class EventJson
{
    /// <summary>Plain JSON escaping (no HTML-safe escapes such as <c>\u002B</c> for '+'): these lines never go into HTML.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToLine(DetectedEvent e) => Encoding.UTF8.GetString(ToUtf8(e, eventType: false));

    /// <summary>The UTF-8 JSON object; with <paramref name="eventType"/> it starts with Home Assistant's <c>event_type</c>.</summary>
    public static byte[] ToUtf8(DetectedEvent e, bool eventType)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            if (eventType)
            {
                w.WriteString("event_type", e.Label);
            }

            w.WriteString("time", FormatTime(e.Time));
            w.WriteString("label", e.Label);
            w.WriteNumber("score", Math.Round(e.Score, 3));
            w.WriteNumber("start_s", Math.Round(e.StartSeconds, 3));
            w.WriteNumber("end_s", Math.Round(e.EndSeconds, 3));
            w.WriteNumber("level_dbfs", Math.Round(e.LevelDbfs, 1));
            if (e.Clip is { } clip)
            {
                w.WriteString("clip", clip);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>ISO-8601 with milliseconds and the UTC offset, e.g. <c>2026-11-21T09:30:00.250+00:00</c>.</summary>
    public static string FormatTime(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>Reads a line written by <see cref="ToLine"/> (used by tests and the soundscape scorer).</summary>
    public static DetectedEvent Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        return new DetectedEvent(
            DateTimeOffset.Parse(r.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
            r.GetProperty("label").GetString()!,
            r.GetProperty("score").GetDouble(),
            r.GetProperty("start_s").GetDouble(),
            r.GetProperty("end_s").GetDouble(),
            r.GetProperty("level_dbfs").GetDouble())
        {
            Clip = r.TryGetProperty("clip", out var clip) ? clip.GetString() : null,
        };
    }
}
