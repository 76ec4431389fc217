namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// Where everything is published. State topics live under <c>&lt;base&gt;/&lt;device&gt;/</c>; Home Assistant
/// discovery under <c>&lt;prefix&gt;/&lt;component&gt;/&lt;device&gt;/&lt;object&gt;/config</c>.
/// </summary>
public sealed record TopicLayout(string BaseTopic, string DeviceId, string DiscoveryPrefix)
{
    public string Availability => $"{BaseTopic}/{DeviceId}/availability";

    /// <summary>The discovered entities' topic (event entity, last-label sensor): only the declared event types.</summary>
    public string Event => $"{BaseTopic}/{DeviceId}/event";

    /// <summary>The plain JSON topic: every detected event, whatever its label.</summary>
    public string Detection => $"{BaseTopic}/{DeviceId}/detection";
    public string Level => $"{BaseTopic}/{DeviceId}/level";

    /// <summary>Command topic for feedback on event clips (<c>{"clip": ID, "verdict": ..., "label": L}</c>).</summary>
    public string Feedback => $"{BaseTopic}/{DeviceId}/feedback";
    /// <summary>Per-minute A-weighted levels (LAeq, LAFmax, L10, L50, L90), one JSON object each minute.</summary>
    public string Levels => $"{BaseTopic}/{DeviceId}/levels";
    public string HomeAssistantStatus => $"{DiscoveryPrefix}/status";
    public string EventDiscovery => $"{DiscoveryPrefix}/event/{DeviceId}/sound/config";
    public string LevelDiscovery => $"{DiscoveryPrefix}/sensor/{DeviceId}/level/config";
    public string LastLabelDiscovery => $"{DiscoveryPrefix}/sensor/{DeviceId}/last_label/config";
    public string ConfirmDiscovery => $"{DiscoveryPrefix}/button/{DeviceId}/confirm/config";
    public string FalseAlarmDiscovery => $"{DiscoveryPrefix}/button/{DeviceId}/false_alarm/config";
    public string RelabelDiscovery => $"{DiscoveryPrefix}/select/{DeviceId}/relabel/config";
    public string LaeqDiscovery => $"{DiscoveryPrefix}/sensor/{DeviceId}/laeq/config";

    /// <summary>Every discovery config topic the daemon can announce for this device.</summary>
    public IReadOnlyList<string> DiscoveryTopics =>
        [EventDiscovery, LevelDiscovery, LastLabelDiscovery, LaeqDiscovery, ConfirmDiscovery, FalseAlarmDiscovery, RelabelDiscovery];

    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>A device id from the host name: <c>edgesound-&lt;host&gt;</c>, lower case, topic-safe characters only.</summary>
    public static string DefaultDeviceId(string hostName)
    {
        var chars = new char[hostName.Length];
        for (var i = 0; i < hostName.Length; i++)
        {
            var c = char.ToLowerInvariant(hostName[i]);
            chars[i] = IsDiscoveryIdChar(c) ? c : '_';
        }

        return "edgesound-" + new string(chars);
    }

    /// <summary>True for the characters a Home Assistant discovery node id may hold: a-z, A-Z, 0-9, '_' and '-'.</summary>
    public static bool IsDiscoveryIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
