using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>The device block shared by every discovered entity.</summary>
public sealed record DeviceInfo(string Id, string Name, string Manufacturer, string Model, string SoftwareVersion);

/// <summary>One retained discovery message.</summary>
public sealed record DiscoveryMessage(string Topic, string Payload);

/// <summary>
/// Home Assistant MQTT discovery payloads, built as plain data apart from any transport: an <c>event</c> entity
/// fed by the event topic (its payload carries <c>event_type</c>), a sound-level <c>sensor</c> (dBFS) and a
/// last-label <c>sensor</c>; all three with the availability topic and one device block.
/// </summary>
public static class DiscoveryPayloads
{
    public static IReadOnlyList<DiscoveryMessage> Build(TopicLayout topics, DeviceInfo device, IReadOnlyList<string> eventTypes)
    {
        var types = new JsonArray();
        foreach (var t in eventTypes)
        {
            types.Add(t);
        }

        var sound = Common(topics, device, "Sound", "sound");
        sound["state_topic"] = topics.Event;
        sound["event_types"] = types;
        sound["icon"] = "mdi:ear-hearing";
        sound["qos"] = 1;

        var level = Common(topics, device, "Sound level", "level");
        level["state_topic"] = topics.Level;
        level["value_template"] = "{{ value_json.level_dbfs }}";
        level["unit_of_measurement"] = "dBFS";
        level["state_class"] = "measurement";
        level["icon"] = "mdi:volume-high";
        level["entity_category"] = "diagnostic";

        var last = Common(topics, device, "Last sound", "last_label");
        last["state_topic"] = topics.Event;
        last["value_template"] = "{{ value_json.label }}";
        last["json_attributes_topic"] = topics.Event;
        last["icon"] = "mdi:tag-text";
        last["qos"] = 1;

        return
        [
            new DiscoveryMessage(topics.EventDiscovery, sound.ToJsonString()),
            new DiscoveryMessage(topics.LevelDiscovery, level.ToJsonString()),
            new DiscoveryMessage(topics.LastLabelDiscovery, last.ToJsonString()),
        ];
    }

    /// <summary>The periodic sound-level state: <c>{"level_dbfs": D}</c>.</summary>
    public static string LevelState(double levelDbfs)
    {
        var o = new JsonObject { ["level_dbfs"] = Math.Round(levelDbfs, 1) };
        return o.ToJsonString();
    }

    private static JsonObject Common(TopicLayout topics, DeviceInfo device, string name, string objectId) => new()
    {
        ["name"] = name,
        ["unique_id"] = $"{device.Id}_{objectId}",
        ["availability_topic"] = topics.Availability,
        ["payload_available"] = TopicLayout.Online,
        ["payload_not_available"] = TopicLayout.Offline,
        ["device"] = new JsonObject
        {
            ["identifiers"] = new JsonArray(device.Id),
            ["name"] = device.Name,
            ["manufacturer"] = device.Manufacturer,
            ["model"] = device.Model,
            ["sw_version"] = device.SoftwareVersion,
        },
    };

    /// <summary>Parses a payload back (tests and tools).</summary>
    public static JsonElement Parse(string payload) => JsonDocument.Parse(payload).RootElement.Clone();
}
