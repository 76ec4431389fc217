using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Daemon.Levels;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>The device block shared by every discovered entity.</summary>
public sealed record DeviceInfo(string Id, string Name, string Manufacturer, string Model, string SoftwareVersion);

/// <summary>One retained discovery message.</summary>
public sealed record DiscoveryMessage(string Topic, string Payload);

/// <summary>
/// Home Assistant MQTT discovery payloads, built as plain data apart from any transport: an <c>event</c> entity
/// fed by the event topic (its payload carries <c>event_type</c>), a sound-level <c>sensor</c> (dBFS), a
/// last-label <c>sensor</c> and a per-minute LAeq <c>sensor</c> (device class <c>sound_pressure</c>, unit dB, state
/// class <c>measurement</c>, so Home Assistant keeps long-term statistics; its attributes carry LAFmax, L10, L50, L90
/// and the unit: dB SPL with a calibration, dBFS without); all with the availability topic and one device block.
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

        var laeq = Common(topics, device, "LAeq 1 min", "laeq");
        laeq["state_topic"] = topics.Levels;
        laeq["value_template"] = "{{ value_json.laeq }}";
        laeq["json_attributes_topic"] = topics.Levels;
        laeq["device_class"] = "sound_pressure";
        laeq["unit_of_measurement"] = "dB";
        laeq["state_class"] = "measurement";

        return
        [
            new DiscoveryMessage(topics.EventDiscovery, sound.ToJsonString()),
            new DiscoveryMessage(topics.LevelDiscovery, level.ToJsonString()),
            new DiscoveryMessage(topics.LastLabelDiscovery, last.ToJsonString()),
            new DiscoveryMessage(topics.LaeqDiscovery, laeq.ToJsonString()),
        ];
    }

    /// <summary>
    /// The feedback entities (only with event clips on): <c>button</c>s "Confirm last event" and "False alarm" and
    /// a <c>select</c> "Relabel last event" whose options are <paramref name="labels"/> (the model's labels). All three
    /// publish to <see cref="TopicLayout.Feedback"/> with <c>"clip": "last"</c>: the device resolves the newest clip.
    /// </summary>
    public static IReadOnlyList<DiscoveryMessage> BuildFeedback(TopicLayout topics, DeviceInfo device, IReadOnlyList<string> labels)
    {
        var confirm = Common(topics, device, "Confirm last event", "confirm");
        confirm["command_topic"] = topics.Feedback;
        confirm["payload_press"] = """{"clip":"last","verdict":"confirm"}""";
        confirm["icon"] = "mdi:check-circle";
        confirm["qos"] = 1;

        var falseAlarm = Common(topics, device, "False alarm", "false_alarm");
        falseAlarm["command_topic"] = topics.Feedback;
        falseAlarm["payload_press"] = """{"clip":"last","verdict":"false_alarm"}""";
        falseAlarm["icon"] = "mdi:close-circle";
        falseAlarm["qos"] = 1;

        var options = new JsonArray();
        foreach (var l in labels)
        {
            options.Add(l);
        }

        var relabel = Common(topics, device, "Relabel last event", "relabel");
        relabel["command_topic"] = topics.Feedback;
        relabel["command_template"] = """{"clip":"last","verdict":"relabel","label":{{ value | tojson }}}""";
        relabel["options"] = options;
        relabel["optimistic"] = true;
        relabel["icon"] = "mdi:tag-edit";
        relabel["qos"] = 1;

        return
        [
            new DiscoveryMessage(topics.ConfirmDiscovery, confirm.ToJsonString()),
            new DiscoveryMessage(topics.FalseAlarmDiscovery, falseAlarm.ToJsonString()),
            new DiscoveryMessage(topics.RelabelDiscovery, relabel.ToJsonString()),
        ];
    }

    /// <summary>
    /// Everything one run announces: the entities it offers (<see cref="Build"/>, and <see cref="BuildFeedback"/> when
    /// <paramref name="feedbackLabels"/> is given, that is with event clips on) and, for each entity the daemon can offer
    /// but does not in this run, an empty payload on its discovery topic. Published retained, an empty payload clears
    /// the broker's retained config and makes Home Assistant remove the entity, so buttons an earlier run with clips on
    /// announced do not outlive the feature.
    /// </summary>
    /// <param name="feedbackLabels">The model's labels (the relabel options) with clips on; null with clips off.</param>
    public static IReadOnlyList<DiscoveryMessage> ForRun(TopicLayout topics, DeviceInfo device, IReadOnlyList<string> eventTypes, IReadOnlyList<string>? feedbackLabels)
    {
        var messages = new List<DiscoveryMessage>(Build(topics, device, eventTypes));
        if (feedbackLabels is not null)
        {
            messages.AddRange(BuildFeedback(topics, device, feedbackLabels));
        }
        else
        {
            messages.AddRange(Removal(topics.ConfirmDiscovery, topics.FalseAlarmDiscovery, topics.RelabelDiscovery));
        }

        return messages;
    }

    /// <summary>
    /// What a run with discovery off announces: an empty payload on each of this device's discovery topics, so the
    /// entities an earlier run with discovery on left retained are removed from the broker and Home Assistant.
    /// </summary>
    public static IReadOnlyList<DiscoveryMessage> Withdrawal(TopicLayout topics) => [.. Removal([.. topics.DiscoveryTopics])];

    /// <summary>Empty payloads for <paramref name="discoveryTopics"/>: published retained, they remove those entities.</summary>
    public static IEnumerable<DiscoveryMessage> Removal(params string[] discoveryTopics) => discoveryTopics.Select(t => new DiscoveryMessage(t, ""));

    /// <summary>
    /// The per-minute levels state: <c>{"laeq": L, "lafmax": M, "l10": A, "l50": B, "l90": C, "unit": "dB SPL"|"dBFS",
    /// "seconds": S, "start": ISO-8601}</c>, in dB SPL when the minute carries a calibration, else dBFS; 0.1 dB.
    /// </summary>
    public static string LevelsState(MinuteLevels minute)
    {
        var m = minute.InSpl() ?? minute;
        var o = new JsonObject
        {
            ["laeq"] = Math.Round(m.LAeq, 1),
            ["lafmax"] = Math.Round(m.LAFmax, 1),
            ["l10"] = Math.Round(m.L10, 1),
            ["l50"] = Math.Round(m.L50, 1),
            ["l90"] = Math.Round(m.L90, 1),
            ["unit"] = minute.CalibrationDb is null ? "dBFS" : "dB SPL",
            ["seconds"] = Math.Round(m.Seconds, 1),
            ["start"] = m.Start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        return o.ToJsonString();
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
