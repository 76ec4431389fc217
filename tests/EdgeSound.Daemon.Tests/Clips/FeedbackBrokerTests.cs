using System.Text.Json;
using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Daemon.Tests.Mqtt;
using EdgeSound.Tests.Shared;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

/// <summary>Feedback commands through a real mosquitto into the clip folder.</summary>
public sealed class FeedbackBrokerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly TopicLayout Topics = new("edgesound", "clip-device", "homeassistant");
    private static readonly DeviceInfo Device = new("clip-device", "Test", "EdgeSound", "EdgeSound test model", "0.0.1");
    private readonly string _dir = ClipFixtures.TempDir("es-feedback-");
    private readonly MosquittoBroker _broker = MosquittoBroker.Start(new MosquittoBrokerOptions { LogPackets = true });
    private readonly Outbox _outbox;
    private readonly ClipStore _store;
    private readonly ListLogger _log = new();
    private readonly FeedbackHandler _feedback;
    private readonly MqttLink _link;

    public FeedbackBrokerTests()
    {
        _outbox = Outbox.Open(Path.Combine(_dir, "outbox.journal"), 100, OutboxFullPolicy.DropOldest);
        _store = ClipStore.Open(Path.Combine(_dir, "clips"), 10_000_000, ClipFixtures.Model);
        _feedback = new FeedbackHandler(_store, _log);
        var discovery = DiscoveryPayloads.Build(Topics, Device, ["dog"]).Concat(DiscoveryPayloads.BuildFeedback(Topics, Device, ClipFixtures.Labels)).ToList();
        var connection = new MqttConnection(_broker.Host, _broker.Port, false, "", "", "", "", null, "edgesound-clips", 10, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(1));
        _link = new MqttLink(connection, Topics, discovery, new AlertRouting(Topics, ["dog"]), _outbox, _log, TimeSpan.FromSeconds(5),
            [new CommandTopic(Topics.Feedback, payload => _feedback.Handle(payload, Topics.Feedback, out _))]);
    }

    public void Dispose()
    {
        _link.Dispose();
        _outbox.Dispose();
        _broker.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string SaveClip(string label, double start)
    {
        var e = ClipFixtures.Event(label, start, start + 1);
        var id = _store.NewId(e);
        _store.Save(ClipFixtures.Clip(id, e, 8000));
        return id;
    }

    private void Publish(string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.Port).WithClientId("ha-feedback").Build()).GetAwaiter().GetResult();
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Feedback).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()).GetAwaiter().GetResult();
        client.DisconnectAsync(new MqttClientDisconnectOptions()).GetAwaiter().GetResult();
    }

    private JsonElement Verdict(string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_store.Directory, id + ".json"))).RootElement.GetProperty("verdict").Clone();

    private void Start()
    {
        _link.Start();
        Assert.True(SpinWait.SpinUntil(() => _link.IsConnected, Wait), "link did not connect");
        // The subscription follows the connect: wait until the broker logged it.
        Assert.True(SpinWait.SpinUntil(() => _broker.ReadLog().Contains(Topics.Feedback + " (QoS 1)", StringComparison.Ordinal), Wait), _broker.ReadLog());
    }

    [Fact]
    public void Valid_commands_store_their_verdict_beside_the_clip()
    {
        var dog = SaveClip("dog", 1);
        var siren = SaveClip("siren", 5);
        Start();

        Publish($$"""{"clip":"{{dog}}","verdict":"false_alarm"}""");
        Assert.True(SpinWait.SpinUntil(() => _feedback.Stored == 1, Wait), _log.ToString());
        Assert.Equal("false_alarm", Verdict(dog).GetProperty("verdict").GetString());

        // What the Home Assistant select sends for "last".
        Publish("""{"clip":"last","verdict":"relabel","label":"glass_breaking"}""");
        Assert.True(SpinWait.SpinUntil(() => _feedback.Stored == 2, Wait), _log.ToString());
        Assert.Equal("glass_breaking", Verdict(siren).GetProperty("label").GetString());
        Assert.Equal(0, _feedback.Refused);
    }

    [Fact]
    public void Malformed_and_unknown_id_commands_are_refused_and_logged_and_the_link_lives_on()
    {
        var dog = SaveClip("dog", 1);
        Start();

        Publish("not json at all");
        Publish("""{"clip":"last","verdict":"maybe"}""");
        Publish("""{"clip":"20200101-000000-000-cat","verdict":"confirm"}""");
        Assert.True(SpinWait.SpinUntil(() => _feedback.Refused == 3, Wait), _log.ToString());
        Assert.Contains("Feedback on edgesound/clip-device/feedback refused: not JSON", _log.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"verdict\" must be one of", _log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Feedback on edgesound/clip-device/feedback refused: unknown clip 20200101-000000-000-cat", _log.ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, Verdict(dog).ValueKind);

        Assert.True(_link.IsConnected);
        Assert.Equal(1, _link.Connections);
        Publish($$"""{"clip":"{{dog}}","verdict":"confirm"}""");
        Assert.True(SpinWait.SpinUntil(() => _feedback.Stored == 1, Wait), _log.ToString());
        Assert.Equal("confirm", Verdict(dog).GetProperty("verdict").GetString());
    }

    [Fact]
    public void Discovery_announces_the_feedback_entities_retained()
    {
        Start();
        using var ha = MqttCollector.Start(_broker.Host, _broker.Port, "homeassistant/#");
        foreach (var topic in new[] { Topics.ConfirmDiscovery, Topics.FalseAlarmDiscovery, Topics.RelabelDiscovery })
        {
            var m = ha.WaitFor(topic, Wait);
            Assert.True(m.Retain);
            Assert.Equal(Topics.Feedback, DiscoveryPayloads.Parse(m.Text).GetProperty("command_topic").GetString());
        }
    }
}
