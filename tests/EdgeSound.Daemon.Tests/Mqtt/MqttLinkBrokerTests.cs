using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Tests.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
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

    private static readonly string[] Declared = ["dog", "siren"];

    private static MqttConnection Connection(MosquittoBroker broker, string clientId = "edgesound-test", string username = "", string? password = null) =>
        new(broker.Host, broker.Port, false, "", "", "", username, password, clientId, 10, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(1));

    private static MqttLink Link(MosquittoBroker broker, Outbox outbox, ILogger? log = null, MqttConnection? connection = null) =>
        new(connection ?? Connection(broker), Topics, DiscoveryPayloads.Build(Topics, Device, Declared), new AlertRouting(Topics, Declared), outbox, log ?? NullLogger.Instance, TimeSpan.FromSeconds(5));

    private static byte[] Alert(int i, string type = "dog") => Encoding.UTF8.GetBytes($$"""{"event_type":"{{type}}","label":"{{type}}","n":{{i}}}""");

    private static int Number(CollectedMessage m) => int.Parse(m.Text.Split("\"n\":")[1].TrimEnd('}'), CultureInfo.InvariantCulture);

    private static void PublishOnce(MosquittoBroker broker, string topic, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId("ha-test").Build()).GetAwaiter().GetResult();
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()).GetAwaiter().GetResult();
        client.DisconnectAsync(new MqttClientDisconnectOptions()).GetAwaiter().GetResult();
    }

    [Fact]
    public void Connect_publishes_retained_discovery_and_online_then_will_offline_on_crash()
    {
        var broker = Keep(MosquittoBroker.Start());
        var outbox = Keep(OpenOutbox());
        var link = Link(broker, outbox);
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => link.IsConnected, Wait), "link did not connect");

        // The link reports connected before its announcement is out; a subscriber that arrives while discovery is
        // still being published gets a live copy (retain cleared). Wait until the broker holds all of it.
        using (var early = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#" }))
        {
            early.WaitFor(Topics.EventDiscovery, Wait);
            early.WaitFor(Topics.LevelDiscovery, Wait);
            early.WaitFor(Topics.LastLabelDiscovery, Wait);
        }

        using (var late = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#", "edgesound/#" }))
        {
            var ev = late.WaitFor(Topics.EventDiscovery, Wait);
            Assert.True(ev.Retain, "discovery must be retained");
            var payload = DiscoveryPayloads.Parse(ev.Text);
            Assert.Equal(["dog", "siren"], payload.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
            Assert.True(late.WaitFor(Topics.LevelDiscovery, Wait).Retain);
            Assert.True(late.WaitFor(Topics.LastLabelDiscovery, Wait).Retain);
            var online = late.WaitFor(Topics.Availability, Wait);
            Assert.True(online.Retain);
            Assert.Equal("online", online.Text);
        }

        using var watcher = MqttCollector.Start(broker.Host, broker.Port, Topics.Availability);
        watcher.WaitFor(m => m.Text == "online", Wait);
        link.Abandon();
        var will = watcher.WaitFor(m => m.Text == "offline", Wait);
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
        Assert.Equal("offline", m.Text);
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
        PublishOnce(broker, Topics.HomeAssistantStatus, "online");
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
    public void The_event_topic_gets_only_the_declared_types_and_the_plain_topic_gets_every_label()
    {
        var broker = Keep(MosquittoBroker.Start());
        using var entity = MqttCollector.Start(broker.Host, broker.Port, Topics.Event);
        using var plain = MqttCollector.Start(broker.Host, broker.Port, Topics.Detection);
        var outbox = Keep(OpenOutbox());
        string[] types = ["dog", "rooster", "siren", "helicopter", "chainsaw", "dog"];
        for (var i = 0; i < types.Length; i++)
        {
            outbox.Enqueue(Alert(i, types[i]));
        }

        var link = Keep(Link(broker, outbox));
        link.Start();
        Assert.True(link.WaitUntilDelivered(Wait));
        Assert.Equal(Enumerable.Range(0, 6), plain.WaitForCount(6, Wait).Select(Number));
        MqttCollector.Pump(TimeSpan.FromMilliseconds(300));
        Assert.Equal([0, 2, 5], entity.Messages.Select(Number));
        Assert.All(entity.Messages, m => Assert.Contains(JsonDocument.Parse(m.Text).RootElement.GetProperty("event_type").GetString(), Declared));
        Assert.Equal(6, link.Delivered);
    }

    [Fact]
    public void Broker_away_for_an_outage_then_back_delivers_every_alert_in_order()
    {
        var outageSeconds = double.Parse(Environment.GetEnvironmentVariable("ES_MQTT_OUTAGE_S") ?? "30", CultureInfo.InvariantCulture);
        var broker = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { Persistence = true }));
        var subscriber = Keep(MqttCollector.StartPersistent(broker.Host, broker.Port, "outage-subscriber", Topics.Event));
        var outbox = Keep(OpenOutbox());
        var link = Keep(Link(broker, outbox));
        link.Start();
        for (var i = 0; i < 5; i++)
        {
            outbox.Enqueue(Alert(i));
        }

        Assert.True(link.WaitUntilDelivered(Wait), "first alerts not delivered");
        subscriber.WaitForCount(5, Wait);
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
        var back = Stopwatch.StartNew();
        Assert.True(link.WaitUntilDelivered(TimeSpan.FromSeconds(30)), $"{outbox.Count} alerts still queued after the broker came back");
        output.WriteLine($"queue drained {back.Elapsed.TotalSeconds:0.0} s after the broker came back");
        var numbers = WaitForNumbers(subscriber, next);
        Assert.Equal(Enumerable.Range(0, next), numbers.Distinct());
        Assert.True(IsNonDecreasing(numbers), "alerts out of order: " + string.Join(",", numbers));
    }

    [Fact]
    public void Broker_killed_with_sigkill_mid_stream_removes_only_acknowledged_alerts_and_delivers_the_rest_in_order()
    {
        const int count = 400;
        var broker = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { LogPackets = true }));
        var outbox = Keep(OpenOutbox());
        for (var i = 0; i < count; i++)
        {
            outbox.Enqueue(Alert(i));
        }

        var link = Keep(Link(broker, outbox));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => link.Delivered >= 40, Wait), "delivery did not start");
        broker.Kill();
        Assert.True(SpinWait.SpinUntil(() => !link.IsConnected, Wait), "the link did not notice the dead broker");
        var removed = count - outbox.Count;
        output.WriteLine($"broker killed with -9 after {link.Delivered} acknowledged alerts; {outbox.Count} left in the outbox");
        Assert.True(removed < count, "the stream should still be running when the broker dies");
        Assert.Equal(removed, link.Delivered);

        // Each removed alert took two PUBACKs (plain topic, entity topic) after the four of online + discovery: the
        // broker's own packet log must show at least that many sent to the link, or an alert left without one.
        var pubAcks = Regex.Count(broker.ReadLog(), "Sending PUBACK to edgesound-test");
        output.WriteLine($"broker sent {pubAcks} PUBACKs to the link; {removed} alerts removed need {4 + 2 * removed}");
        Assert.True(pubAcks >= 4 + 2 * removed, $"{removed} alerts removed but the broker sent only {pubAcks} PUBACKs");

        broker.Restart();
        using var after = MqttCollector.Start(broker.Host, broker.Port, Topics.Event);
        var back = Stopwatch.StartNew();
        Assert.True(link.WaitUntilDelivered(TimeSpan.FromSeconds(30)), $"{outbox.Count} alerts still queued after the broker came back");
        output.WriteLine($"remaining alerts delivered {back.Elapsed.TotalSeconds:0.0} s after the restart");
        var numbers = WaitForNumbers(after, count - removed);
        Assert.Equal(Enumerable.Range(removed, count - removed), numbers.Where(n => n >= removed).Distinct());
        Assert.True(IsNonDecreasing(numbers), "alerts out of order after the restart: " + string.Join(",", numbers));
        Assert.Equal(2, link.Connections);
    }

    [Fact]
    public void A_puback_with_a_failure_reason_code_keeps_the_alert_in_the_outbox()
    {
        var acl = $"topic read #\ntopic write {Topics.Availability}\ntopic write homeassistant/#\ntopic write {Topics.Event}\n";
        var broker = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { AclRules = acl }));
        using var collector = MqttCollector.Start(broker.Host, broker.Port, "edgesound/#");
        var log = new ListLogger();
        var outbox = Keep(OpenOutbox());
        outbox.Enqueue(Alert(0));
        var link = Keep(Link(broker, outbox, log));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => log.Contains("did not accept alert"), Wait), "no refusal logged: " + log);
        Assert.Contains("NotAuthorized", log.ToString());
        Assert.Contains(Topics.Detection, log.ToString());
        Assert.True(link.IsConnected);
        Assert.Equal(1, outbox.Count);
        Assert.Equal(0, link.Delivered);
        Assert.DoesNotContain(collector.Messages, m => m.Topic == Topics.Event || m.Topic == Topics.Detection);
    }

    [Fact]
    public void Refused_credentials_and_an_absent_broker_are_logged_with_the_broker_named_and_never_the_password()
    {
        const string secret = "n0t-the-Pa55word";
        var broker = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { Username = "edge", Password = "right-one" }));
        var log = new ListLogger();
        var outbox = Keep(OpenOutbox());
        var link = Keep(Link(broker, outbox, log, Connection(broker, username: "edge", password: secret)));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => log.Contains("refused the connection"), Wait), "no refusal logged: " + log);
        Assert.Contains($"mqtt://edge@127.0.0.1:{broker.Port}", log.ToString());
        Assert.Matches("BadUserNameOrPassword|NotAuthorized", log.ToString());
        Assert.DoesNotContain(secret, log.ToString());
        Assert.False(link.IsConnected);

        broker.Stop();
        var absent = new ListLogger();
        var nobody = Keep(Link(broker, Keep(Outbox.Open(Path.Combine(_dir, "second.journal"), 10, OutboxFullPolicy.DropOldest)), absent));
        nobody.Start();
        Assert.True(SpinWait.SpinUntil(() => absent.Contains("cannot reach"), Wait), "no connect failure logged: " + absent);
        Assert.Contains($"mqtt://127.0.0.1:{broker.Port}", absent.ToString());
    }

    [Fact]
    public void Refused_logins_name_the_username_and_the_password_source_and_a_qos_0_broker_is_told_qos_1_is_needed()
    {
        var broker = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { Username = "edge", Password = "right-one" }));
        var log = new ListLogger();
        var connection = Connection(broker, username: "edge", password: "wrong-one") with { PasswordSource = "mqtt:password_file /etc/edgesound/mqtt-password" };
        var link = Keep(Link(broker, Keep(OpenOutbox()), log, connection));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => log.Contains("refused the connection"), Wait), "no refusal logged: " + log);
        output.WriteLine(log.ToString());
        Assert.Contains("check mqtt:username (edge) and the password from mqtt:password_file /etc/edgesound/mqtt-password", log.ToString());
        Assert.DoesNotContain(log.ToString().Split('\n'), line => line.EndsWith(' '));

        var strict = Keep(MosquittoBroker.Start(new MosquittoBrokerOptions { MaxQos = 0 }));
        var qos = new ListLogger();
        var second = Keep(Link(strict, Keep(Outbox.Open(Path.Combine(_dir, "second.journal"), 10, OutboxFullPolicy.DropOldest)), qos));
        second.Start();
        Assert.True(SpinWait.SpinUntil(() => qos.Contains("refused the connection"), Wait), "no refusal logged: " + qos);
        output.WriteLine(qos.ToString());
        Assert.Contains("QoSNotSupported; alerts and the offline will are published with QoS 1: the broker must allow QoS 1 (mosquitto: max_qos)", qos.ToString());
    }

    [Fact]
    public void Tls_to_a_plain_port_hints_that_the_port_may_not_speak_tls()
    {
        var broker = Keep(MosquittoBroker.Start());
        Directory.CreateDirectory(_dir);
        var ca = Path.Combine(_dir, "ca.crt");
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(ca, certificate.ExportCertificatePem());
        }

        var log = new ListLogger();
        var link = Keep(Link(broker, Keep(OpenOutbox()), log, Connection(broker) with { Tls = true, CaFile = ca }));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => log.Contains("cannot reach"), Wait), "no connect failure logged: " + log);
        output.WriteLine(log.ToString());
        Assert.Contains($"(does port {broker.Port} speak TLS? mqtts:// needs a TLS listener; a plain one takes mqtt://)", log.ToString());
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Wed, 02 Dec 2026 04:56:30 GMT\r\nServer: Kestrel\r\n\r\n")]
    [InlineData("\u0015\u0003\u0003\u0000\u0002\u0002\u0032")]
    public void A_peer_that_does_not_answer_in_mqtt_is_named_as_such(string answer)
    {
        using var peer = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        peer.Start();
        var port = ((System.Net.IPEndPoint)peer.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await peer.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[256], stop.Token);
                await stream.WriteAsync(Encoding.Latin1.GetBytes(answer), stop.Token);
                // Left open until the client gives up, as a busy web server or TLS listener would.
                while (await stream.ReadAsync(new byte[256], stop.Token) > 0)
                {
                }
            }
        });

        var log = new ListLogger();
        var connection = new MqttConnection("127.0.0.1", port, false, "", "", "", "", null, "edgesound-test", 10, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(1));
        var link = Keep(new MqttLink(connection, Topics, [], new AlertRouting(Topics, Declared), Keep(OpenOutbox()), log, TimeSpan.FromSeconds(5)));
        link.Start();
        Assert.True(SpinWait.SpinUntil(() => log.Contains("cannot reach"), Wait), "no connect failure logged: " + log);
        stop.Cancel();
        output.WriteLine(log.ToString());
        Assert.Contains($"(port {port} answered, but not in MQTT: is it the broker's port? a TLS listener takes mqtts://)", log.ToString());
    }

    [Fact]
    public void Alerts_queued_before_a_crash_are_delivered_after_restart()
    {
        var broker = Keep(MosquittoBroker.Start());
        var port = broker.Port;
        broker.Stop();
        var journal = Path.Combine(_dir, "outbox.journal");
        var first = Outbox.Open(journal, 100, OutboxFullPolicy.DropOldest);
        var crashed = new MqttLink(Connection(broker), Topics, [], new AlertRouting(Topics, Declared), first, NullLogger.Instance);
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

    private static List<int> WaitForNumbers(MqttCollector collector, int distinct)
    {
        Assert.True(SpinWait.SpinUntil(() => collector.Messages.Select(Number).Distinct().Count() >= distinct, Wait),
            $"expected {distinct} distinct alerts, got " + string.Join(",", collector.Messages.Select(Number)));
        MqttCollector.Pump(TimeSpan.FromMilliseconds(300));
        return collector.Messages.Select(Number).ToList();
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
}
