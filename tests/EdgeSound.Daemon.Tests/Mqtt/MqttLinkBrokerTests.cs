using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Native.Mosquitto;
using EdgeSound.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Mqtt;

/// <summary>The MQTT link against a real mosquitto on a free loopback port.</summary>
public sealed class MqttLinkBrokerTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly TopicLayout Topics = new("edgesound", "test-device", "homeassistant");
    private static readonly DeviceInfo Device = new("test-device", "Test", "EdgeSound", "EdgeSound test model", "0.0.1");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-link-" + Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            _cleanup[i].Dispose();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private T Keep<T>(T d) where T : IDisposable
    {
        _cleanup.Add(d);
        return d;
    }

    private Outbox OpenOutbox(int max = 1000) => Outbox.Open(Path.Combine(_dir, "outbox.journal"), max, OutboxFullPolicy.DropOldest);

    private static MqttConnection Connection(MosquittoBroker broker, string clientId = "edgesound-test") =>
        new(broker.Host, broker.Port, false, "", "", null, clientId, 10, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(1));

    private static MqttLink Link(MosquittoBroker broker, Outbox outbox) =>
        new(Connection(broker), Topics, DiscoveryPayloads.Build(Topics, Device, ["dog", "siren"]), outbox, NullLogger.Instance, TimeSpan.FromSeconds(5));

    private static byte[] Alert(int i) => Encoding.UTF8.GetBytes($$"""{"event_type":"dog","n":{{i}}}""");

    private static int Number(MosquittoMessage m) =>
        int.Parse(Encoding.UTF8.GetString(m.Payload).Split("\"n\":")[1].TrimEnd('}'), CultureInfo.InvariantCulture);

    [Fact]
    public void Connect_publishes_retained_discovery_and_online_then_will_offline_on_crash()
    {
        var broker = Keep(MosquittoBroker.Start());
        var outbox = Keep(OpenOutbox());
        var link = Link(broker, outbox);
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => link.IsConnected, Wait), "link did not connect");

        using (var late = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#", "edgesound/#" }))
        {
            var ev = late.WaitFor(Topics.EventDiscovery, Wait);
            Assert.True(ev.Retain, "discovery must be retained");
            var payload = DiscoveryPayloads.Parse(Encoding.UTF8.GetString(ev.Payload));
            Assert.Equal(["dog", "siren"], payload.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
            Assert.True(late.WaitFor(Topics.LevelDiscovery, Wait).Retain);
            Assert.True(late.WaitFor(Topics.LastLabelDiscovery, Wait).Retain);
            var online = late.WaitFor(Topics.Availability, Wait);
            Assert.True(online.Retain);
            Assert.Equal("online", Encoding.UTF8.GetString(online.Payload));
        }

        using var watcher = MqttCollector.Start(broker.Host, broker.Port, Topics.Availability);
        watcher.WaitFor(m => Encoding.UTF8.GetString(m.Payload) == "online", Wait);
        link.Abandon();
        var will = watcher.WaitFor(m => Encoding.UTF8.GetString(m.Payload) == "offline", Wait);
        Assert.Equal(Topics.Availability, will.Topic);
    }

    [Fact]
    public void Clean_stop_publishes_offline_retained()
    {
        var broker = Keep(MosquittoBroker.Start());
        var outbox = Keep(OpenOutbox());
        var link = Link(broker, outbox);
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => link.IsConnected, Wait));
        link.Stop(TimeSpan.FromSeconds(2));
        using var late = MqttCollector.Start(broker.Host, broker.Port, Topics.Availability);
        var m = late.WaitFor(Topics.Availability, Wait);
        Assert.True(m.Retain);
        Assert.Equal("offline", Encoding.UTF8.GetString(m.Payload));
    }

    [Fact]
    public void Home_assistant_status_online_resends_discovery()
    {
        var broker = Keep(MosquittoBroker.Start());
        var outbox = Keep(OpenOutbox());
        var link = Keep(Link(broker, outbox));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => link.IsConnected, Wait));
        using var watcher = MqttCollector.Start(broker.Host, broker.Port, "homeassistant/event/#");
        watcher.WaitFor(Topics.EventDiscovery, Wait);
        watcher.Clear();
        using (var ha = new MosquittoClient("ha-test", cleanSession: true))
        {
            ha.Connect(broker.Host, broker.Port, 10);
            ha.Publish(Topics.HomeAssistantStatus, "online"u8, 1, retain: false);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(1))
            {
                ha.Loop(20);
            }

            ha.Disconnect();
        }

        var again = watcher.WaitFor(Topics.EventDiscovery, Wait);
        Assert.False(again.Retain, "a live (re)publication is delivered to existing subscribers without the retain flag");
    }

    [Fact]
    public void Alerts_are_delivered_in_order_with_qos1_not_retained_and_leave_the_outbox()
    {
        var broker = Keep(MosquittoBroker.Start());
        using var collector = MqttCollector.Start(broker.Host, broker.Port, Topics.Event);
        var outbox = Keep(OpenOutbox());
        var link = Keep(Link(broker, outbox));
        for (var i = 0; i < 10; i++)
        {
            outbox.Enqueue(Alert(i));
        }

        link.Start();
        for (var i = 10; i < 25; i++)
        {
            outbox.Enqueue(Alert(i));
        }

        var messages = collector.WaitForCount(25, Wait);
        Assert.Equal(Enumerable.Range(0, 25), messages.Select(Number));
        Assert.All(messages, m => Assert.Equal(1, m.Qos));
        Assert.All(messages, m => Assert.False(m.Retain));
        Assert.True(link.WaitUntilDelivered(Wait));
        Assert.Equal(0, outbox.Count);
        Assert.Equal(25, link.Delivered);
    }

    [Fact]
    public void Broker_away_for_an_outage_then_back_delivers_every_alert_in_order()
    {
        var outageSeconds = double.Parse(Environment.GetEnvironmentVariable("ES_MQTT_OUTAGE_S") ?? "30", CultureInfo.InvariantCulture);
        var broker = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { Persistence = true }));
        var subscriber = Keep(new SessionSubscriber(broker, "outage-subscriber", Topics.Event));
        var outbox = Keep(OpenOutbox());
        var link = Keep(Link(broker, outbox));
        link.Start();
        for (var i = 0; i < 5; i++)
        {
            outbox.Enqueue(Alert(i));
        }

        Assert.True(link.WaitUntilDelivered(Wait), "first alerts not delivered");
        subscriber.Pump(TimeSpan.FromMilliseconds(300));
        subscriber.Disconnect();
        broker.Stop();
        var clock = Stopwatch.StartNew();
        var next = 5;
        while (clock.Elapsed.TotalSeconds < outageSeconds)
        {
            outbox.Enqueue(Alert(next++));
            Thread.Sleep(TimeSpan.FromSeconds(Math.Min(1, outageSeconds / 10)));
        }

        Assert.False(link.IsConnected);
        Assert.Equal(next - 5, outbox.Count);
        output.WriteLine($"broker away {clock.Elapsed.TotalSeconds:0.0} s with {outbox.Count} alerts queued");
        broker.Restart();
        subscriber.Reconnect();
        Assert.True(link.WaitUntilDelivered(TimeSpan.FromSeconds(30)), $"{outbox.Count} alerts still queued after the broker came back");
        var numbers = subscriber.WaitForNumbers(next, Wait);
        Assert.Equal(Enumerable.Range(0, next), numbers.Distinct());
        Assert.True(IsNonDecreasing(numbers), "alerts out of order: " + string.Join(",", numbers));
    }

    [Fact]
    public void Alerts_queued_before_a_crash_are_delivered_after_restart()
    {
        var broker = Keep(MosquittoBroker.Start());
        var port = broker.Port;
        broker.Stop();
        var journal = Path.Combine(_dir, "outbox.journal");
        var first = Outbox.Open(journal, 100, OutboxFullPolicy.DropOldest);
        var crashed = new MqttLink(Connection(broker), Topics, [], first, NullLogger.Instance);
        crashed.Start();
        for (var i = 0; i < 7; i++)
        {
            first.Enqueue(Alert(i));
        }

        crashed.Abandon();
        first.Dispose();

        broker.Restart();
        Assert.Equal(port, broker.Port);
        using var collector = MqttCollector.Start(broker.Host, broker.Port, Topics.Event);
        var second = Keep(Outbox.Open(journal, 100, OutboxFullPolicy.DropOldest));
        Assert.Equal(7, second.Count);
        var link = Keep(Link(broker, second));
        link.Start();
        var messages = collector.WaitForCount(7, Wait);
        Assert.Equal(Enumerable.Range(0, 7), messages.Select(Number));
        Assert.True(link.WaitUntilDelivered(Wait));
    }

    private static bool IsNonDecreasing(IReadOnlyList<int> x)
    {
        for (var i = 1; i < x.Count; i++)
        {
            if (x[i] < x[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A QoS 1 subscriber with a persistent session, so the broker keeps its messages while it is away.</summary>
    private sealed class SessionSubscriber : IDisposable
    {
        private readonly MosquittoBroker _broker;
        private readonly MosquittoClient _client;
        private readonly List<int> _numbers = [];
        private bool _connected;

        public SessionSubscriber(MosquittoBroker broker, string clientId, string topic)
        {
            _broker = broker;
            _client = new MosquittoClient(clientId, cleanSession: false);
            _client.Connected += (_, r) => _connected = r.Accepted;
            _client.MessageReceived += (_, m) => _numbers.Add(Number(m));
            var subscribed = false;
            _client.Subscribed += (_, _) => subscribed = true;
            Reconnect();
            _client.Subscribe(topic, 1);
            PumpUntil(() => subscribed, Wait);
        }

        public void Reconnect()
        {
            _connected = false;
            _client.Connect(_broker.Host, _broker.Port, 10);
            PumpUntil(() => _connected, Wait);
        }

        public void Disconnect() => _client.Disconnect();

        public void Pump(TimeSpan duration)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                _client.Loop(20);
            }
        }

        public IReadOnlyList<int> WaitForNumbers(int distinct, TimeSpan timeout)
        {
            PumpUntil(() => _numbers.Distinct().Count() >= distinct, timeout);
            Pump(TimeSpan.FromMilliseconds(300));
            return _numbers;
        }

        public void Dispose() => _client.Dispose();

        private void PumpUntil(Func<bool> done, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!done())
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"subscriber: condition not met within {timeout}; got {string.Join(",", _numbers)}");
                }

                _client.Loop(20);
            }
        }
    }
}
