using System.Text.Json;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// Which topics one alert goes to. Every alert goes to the plain JSON topic (<see cref="TopicLayout.Detection"/>);
/// only an alert whose <c>event_type</c> is one of the types that discovery declared also goes to
/// <see cref="TopicLayout.Event"/>, the topic every discovered entity reads, so Home Assistant never receives an
/// event type it was not told about (it rejects those as invalid).
/// </summary>
public sealed class AlertRouting
{
    private readonly TopicLayout _topics;
    private readonly HashSet<string> _declared;

    /// <param name="declaredEventTypes">Exactly the <c>event_types</c> list that discovery announces.</param>
    public AlertRouting(TopicLayout topics, IEnumerable<string> declaredEventTypes)
    {
        _topics = topics;
        _declared = new HashSet<string>(declaredEventTypes, StringComparer.Ordinal);
    }

    /// <summary>The topics for an alert payload (UTF-8 event JSON), in publishing order: the plain topic first.
    /// A payload that is not a complete JSON object with a string <c>event_type</c> (valid Unicode) goes to the plain topic only.</summary>
    public IReadOnlyList<string> TopicsFor(ReadOnlySpan<byte> payload) =>
        EventType(payload) is { } type && _declared.Contains(type) ? [_topics.Detection, _topics.Event] : [_topics.Detection];

    private static string? EventType(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("event_type", out var type)
                && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
