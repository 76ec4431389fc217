using EdgeSound.Inference;
using EdgeSound.Dsp.Files;
using System.Globalization;
using System.Text.Json;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// Reads the daemon's <c>--events</c> file: one JSON object per line,
/// <c>{"time": ISO-8601, "label": L, "score": S, "start_s": T0, "end_s": T1, "level_dbfs": D}</c>. Blank lines are
/// ignored; a line that is not such an object, or one of whose values breaks <see cref="ValueRules"/> (a time with a
/// UTC offset from <see cref="HistoryDatabase.Earliest"/> to <see cref="HistoryDatabase.Latest"/>, a slug label, a
/// score 0 to 1, seconds 0 or more with <c>end_s</c> not before <c>start_s</c>, a level in dBFS), is skipped and
/// reported through <c>skipped</c> with its line number, key and value.
/// </summary>
public static class EventLog
{
    /// <returns>the events in time order.</returns>
    /// <exception cref="IOException">the file is missing or cannot be read.</exception>
    /// <exception cref="InvalidDataException">the path is a directory (the message names it).</exception>
    /// <exception cref="InvalidDataException">the file holds no event at all (the message names the file).</exception>
    public static SoundscapeData Read(string path, Action<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path}: is a directory, not an events file");
        }

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
            using var doc = StrictJson.Parse(line);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                reason = "not a JSON object";
                return false;
            }

            if (!r.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.String)
            {
                reason = "no ISO-8601 \"time\"";
                return false;
            }

            if (!r.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String)
            {
                reason = "no \"label\"";
                return false;
            }

            reason = Key("time", ValueRules.Time(time.GetString()!, out var when)) ?? Key("label", ValueRules.Label(label.GetString()!)) ?? "";
            if (reason.Length > 0 ||
                !Number(r, "score", ValueRules.Score, out var score, out reason) ||
                !Number(r, "start_s", ValueRules.StreamSeconds, out var start, out reason) ||
                !Number(r, "end_s", ValueRules.StreamSeconds, out var end, out reason) ||
                !Number(r, "level_dbfs", ValueRules.LevelDbfs, out var level, out reason))
            {
                return false;
            }

            if (Key("end_s", ValueRules.Span(start, end)) is { } span)
            {
                reason = span;
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
        catch (InvalidOperationException)
        {
            reason = "a string that is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)";
            return false;
        }
    }

    /// <summary>The problem prefixed with its key, or null.</summary>
    private static string? Key(string name, string? problem) => problem is null ? null : $"\"{name}\" {problem}";

    /// <summary>True with the value when key <paramref name="name"/> holds a number in <paramref name="range"/>;
    /// else false with the key and value named in <paramref name="reason"/>.</summary>
    private static bool Number(JsonElement r, string name, ValueRules.NumberRange range, out double value, out string reason)
    {
        value = double.NaN;
        if (!r.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.Number)
        {
            reason = $"no numeric \"{name}\"";
            return false;
        }

        reason = Key(name, range.Check(p.TryGetDouble(out value) ? value : double.NaN, p.GetRawText())) ?? "";
        return reason.Length == 0;
    }
}
