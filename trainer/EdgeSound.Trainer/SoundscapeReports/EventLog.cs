using System.Globalization;
using System.Text.Json;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Reads the daemon's <c>--events</c> file: one JSON object per line,
/// <c>{"time": ISO-8601, "label": L, "score": S, "start_s": T0, "end_s": T1, "level_dbfs": D}</c>. Blank lines are
/// ignored; a line that is not such an object, or whose time lies outside the range a report can show (as the
/// history's, <see cref="HistoryDatabase.Earliest"/> to <see cref="HistoryDatabase.Latest"/>), is skipped and reported
/// through <c>skipped</c> with its line number.
/// </summary>
public static class EventLog
{
    /// <returns>the events in time order.</returns>
    /// <exception cref="IOException">the file cannot be read.</exception>
    /// <exception cref="InvalidDataException">the file holds no event at all (the message names the file).</exception>
    public static SoundscapeData Read(string path, Action<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        var events = new List<SoundEvent>();
        int number = 0, bad = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Parse(line, out var e, out var reason))
            {
                events.Add(e);
            }
            else
            {
                bad++;
                skipped($"{path}: line {number}: skipped, {reason}");
            }
        }

        if (events.Count == 0)
        {
            throw new InvalidDataException(bad == 0
                ? $"{path}: no events (empty file)"
                : $"{path}: no events ({bad} malformed lines, none readable)");
        }

        if (bad > 0)
        {
            skipped($"{path}: {bad} malformed lines skipped, {events.Count} events read");
        }

        return new SoundscapeData(path, FromHistory: false, [.. events.OrderBy(e => e.Time)], []);
    }

    private static bool Parse(string line, out SoundEvent e, out string reason)
    {
        e = null!;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                reason = "not a JSON object";
                return false;
            }

            if (!r.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.String ||
                !DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                reason = "no ISO-8601 \"time\"";
                return false;
            }

            if (when < HistoryDatabase.Earliest || when > HistoryDatabase.Latest)
            {
                reason = $"\"time\" {time.GetString()} is outside {HistoryDatabase.Earliest:yyyy-MM-dd} to {HistoryDatabase.Latest:yyyy-MM-dd}";
                return false;
            }

            if (!r.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(label.GetString()))
            {
                reason = "no \"label\"";
                return false;
            }

            if (!Number(r, "score", out var score) || !Number(r, "level_dbfs", out var level))
            {
                reason = "no numeric \"score\" or \"level_dbfs\"";
                return false;
            }

            e = new SoundEvent(when.ToUniversalTime(), label.GetString()!, score, level);
            reason = "";
            return true;
        }
        catch (JsonException x)
        {
            reason = $"not JSON ({x.Message})";
            return false;
        }
    }

    private static bool Number(JsonElement r, string name, out double value)
    {
        value = double.NaN;
        return r.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out value) && double.IsFinite(value);
    }
}
