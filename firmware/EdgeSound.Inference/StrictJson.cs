using System.Text.Json;

namespace EdgeSound.Inference;

/// <summary>
/// Parses JSON that people edit or that other programs write (clip sidecars, event lines, a soundscape's description,
/// a dashboard request body), refusing an object that names a key twice, at any depth: which of the two values was meant cannot be told, and
/// taking the last one silently is how a verdict, label or score changes unseen.
/// </summary>
public static class StrictJson
{
    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false };

    /// <exception cref="JsonException">not JSON, or an object names a key twice (the message names the key).</exception>
    public static JsonDocument Parse(string json) => JsonDocument.Parse(json, NoDuplicates);

    /// <exception cref="JsonException">not JSON, or an object names a key twice (the message names the key).</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json) => JsonDocument.Parse(utf8Json, NoDuplicates);
}
