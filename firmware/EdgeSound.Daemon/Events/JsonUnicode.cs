using System.Text.Json;

namespace EdgeSound.Daemon.Events;

/// <summary>
/// Finds strings in a parsed JSON document that are not valid Unicode. System.Text.Json parses a lone surrogate
/// escape (<c>"\ud800"</c>) or a byte that is not UTF-8 inside a string without complaint, and only reading that
/// string throws (<see cref="InvalidOperationException"/>); checking a received document once, right after parsing,
/// turns that into one line about the input instead of a fault deep in whatever reads the field.
/// </summary>
public static class JsonUnicode
{
    /// <summary>
    /// The JSON path (<c>$.pattern</c>, <c>$.notes[2]</c>) of the first string value or key of <paramref name="element"/>
    /// that is not valid Unicode, or null when every one is. Recursion is bounded by the parser's depth limit (64).
    /// </summary>
    public static string? FirstInvalid(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = property.Name))
                    {
                        return $"a key of {path}";
                    }

                    if (FirstInvalid(property.Value, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstInvalid(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The one-line reason for a document whose string at <paramref name="path"/> is not valid Unicode.</summary>
    public static string Reason(string path) => $"{path} is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)";

    private static bool Readable(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
