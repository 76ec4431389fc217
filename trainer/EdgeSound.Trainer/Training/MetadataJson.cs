using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// A JSON object stored as the value of one ONNX metadata entry (<c>edgesound.metrics</c>, <c>edgesound.training</c>):
/// a value that is not valid JSON, or JSON that is not an object, is refused in one line naming the model file and
/// the key.
/// </summary>
internal static class MetadataJson
{
    /// <summary>The object <paramref name="text"/> holds.</summary>
    /// <exception cref="InvalidDataException"><paramref name="text"/> is not a JSON object; the message starts with <paramref name="path"/>.</exception>
    public static JsonObject Object(string path, string key, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: metadata '{key}' is not valid JSON ({e.Message})", e);
        }

        return node as JsonObject
            ?? throw new InvalidDataException($"{path}: metadata '{key}' is not a JSON object");
    }
}
