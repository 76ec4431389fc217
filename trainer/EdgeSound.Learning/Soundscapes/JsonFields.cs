using System.Text.Json;

namespace EdgeSound.Learning.Soundscapes;

/// <summary>
/// Reads one named field of a JSON object and refuses it in one line that starts with <c>where</c> (the file, and the
/// line for JSON lines) and names the key and the value as written.
/// </summary>
internal static class JsonFields
{
    /// <summary>The number under <paramref name="key"/>, refused unless it is finite and in <paramref name="min"/>..<paramref name="max"/>; <paramref name="expected"/> ends the refusal.</summary>
    /// <exception cref="InvalidDataException">The key is missing, its value is not a number, is not finite (e.g. <c>1e400</c>) or is out of range.</exception>
    public static double Number(JsonElement obj, string key, string where, double min, double max, string expected)
    {
        var v = Field(obj, key, where);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || !double.IsFinite(x) || x < min || x > max)
        {
            throw Refuse(where, key, v, expected);
        }

        return x;
    }

    /// <summary>The non-empty string under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">The key is missing or its value is not a non-blank string.</exception>
    public static string Text(JsonElement obj, string key, string where)
    {
        var v = Field(obj, key, where);
        if (v.ValueKind != JsonValueKind.String || v.GetString() is not { } s || s.Trim().Length == 0)
        {
            throw Refuse(where, key, v, "not a non-empty string");
        }

        return s;
    }

    /// <summary>The refusal of the value under <paramref name="key"/>, quoted as written in the file.</summary>
    public static InvalidDataException Refuse(string where, string key, JsonElement value, string expected) =>
        new($"{where}: \"{key}\" is {value.GetRawText()}, {expected}");

    private static JsonElement Field(JsonElement obj, string key, string where)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: expected a JSON object, got {obj.ValueKind.ToString().ToLowerInvariant()}");
        }

        return obj.TryGetProperty(key, out var v) ? v : throw new InvalidDataException($"{where}: \"{key}\" is missing");
    }
}
