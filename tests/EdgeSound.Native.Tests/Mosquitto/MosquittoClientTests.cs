using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeSound.Native.Mosquitto;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Native.Tests.Mosquitto;

/// <summary>The binding against a real mosquitto broker on a free loopback port (<see cref="MosquittoBroker"/>).</summary>
public sealed class MosquittoClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void LibraryVersionIsTwoPointSomething()
    {
        (int major, int minor, int _) = MosquittoClient.LibraryVersion;
        Assert.True(major >= 2, $"libmosquitto {major}.{minor}");
    }

    [Fact]
    public void PublishQos1IsReceivedAndAcknowledgedWithItsMessageId()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using MqttCollector collector = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/#");
        using var client = new MosquittoClient("publisher-qos1", cleanSession: true);
        var acked = new List<int>();
        var connects = new List<MosquittoConnectResult>();
        client.Published += (_, mid) => acked.Add(mid);
        client.Connected += (_, result) => connects.Add(result);

        client.Connect(broker.Host, broker.Port, 30);
        PumpUntil(client, () => connects.Count == 1);
        Assert.True(connects[0].Accepted, connects[0].Description);

        byte[] payload = Encoding.UTF8.GetBytes("{\"label\":\"dog_bark\",\"score\":0.93}");
        int mid = client.Publish("edgesound/test/event", payload, qos: 1, retain: false);
        int second = client.Publish("edgesound/test/event", "second"u8, qos: 1, retain: false);
        Assert.NotEqual(mid, second);
        PumpUntil(client, () => acked.Count == 2);

        Assert.Equal([mid, second], acked);
        MosquittoMessage received = collector.WaitFor("edgesound/test/event", Timeout);
        Assert.Equal(payload, received.Payload);
        Assert.Equal(1, received.Qos);
        Assert.False(received.Retain);
        collector.WaitForCount(2, Timeout);
        Assert.Equal("second", Encoding.UTF8.GetString(collector.Messages[1].Payload));
    }

    [Fact]
    public void RetainedPublishReachesALaterSubscriberWithTheRetainFlag()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using var client = ConnectedClient(broker, "retainer");
        int mid = client.Publish("edgesound/test/status", "online"u8, qos: 1, retain: true);
        var acked = new List<int>();
        client.Published += (_, m) => acked.Add(m);
        PumpUntil(client, () => acked.Contains(mid));

        using MqttCollector collector = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/status");
        MosquittoMessage retained = collector.WaitFor("edgesound/test/status", Timeout);
        Assert.True(retained.Retain);
        Assert.Equal("online", Encoding.UTF8.GetString(retained.Payload));
    }

    [Fact]
    public void WillIsPublishedRetainedWhenTheClientDiesWithoutDisconnect()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using MqttCollector live = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/availability");

        var client = new MosquittoClient("dying-client", cleanSession: true);
        client.SetWill("edgesound/test/availability", "offline"u8, qos: 1, retain: true);
        var connected = false;
        client.Connected += (_, r) => connected = r.Accepted;
        client.Connect(broker.Host, broker.Port, 30);
        PumpUntil(client, () => connected);
        live.Pump(TimeSpan.FromMilliseconds(200));
        Assert.Empty(live.Messages);

        client.Dispose();

        MosquittoMessage will = live.WaitFor("edgesound/test/availability", Timeout);
        Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload));
        using MqttCollector late = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/availability");
        MosquittoMessage retained = late.WaitFor("edgesound/test/availability", Timeout);
        Assert.True(retained.Retain);
        Assert.Equal("offline", Encoding.UTF8.GetString(retained.Payload));
    }

    [Fact]
    public void CleanDisconnectSuppressesTheWill()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using MqttCollector live = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/availability");
        using var client = new MosquittoClient("polite-client", cleanSession: true);
        client.SetWill("edgesound/test/availability", "offline"u8, qos: 1, retain: true);
        var connected = false;
        var disconnects = new List<MosquittoDisconnectResult>();
        client.Connected += (_, r) => connected = r.Accepted;
        client.Disconnected += (_, r) => disconnects.Add(r);
        client.Connect(broker.Host, broker.Port, 30);
        PumpUntil(client, () => connected);

        client.Disconnect();
        PumpUntil(client, () => disconnects.Count == 1, allowDisconnected: true);

        Assert.True(disconnects[0].Requested, disconnects[0].Description);
        live.Pump(TimeSpan.FromMilliseconds(500));
        Assert.Empty(live.Messages);
    }

    [Fact]
    public void ConnectingWhereNothingListensNamesHostAndPort()
    {
        int port = ClosedLoopbackPort();
        using var client = new MosquittoClient("nobody-home", cleanSession: true);

        var ex = Assert.Throws<MosquittoException>(() => client.Connect("127.0.0.1", port, 30));

        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(MosquittoError.Errno, ex.Error);
        Assert.Equal(111, ex.Errno);
    }

    [Fact]
    public void ErrorsNeverContainThePassword()
    {
        const string password = "s3cr3t-Pa55word";
        int port = ClosedLoopbackPort();
        using var client = new MosquittoClient("with-credentials", cleanSession: true);
        client.SetCredentials("edgesound", password);

        var ex = Assert.Throws<MosquittoException>(() => client.Connect("127.0.0.1", port, 30));

        Assert.DoesNotContain(password, ex.ToString());
    }

    [Fact]
    public void CredentialsAreCheckedByTheBroker()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(new MosquittoBrokerOptions { Username = "device", Password = "right" });

        using var wrong = new MosquittoClient("wrong-password", cleanSession: true);
        wrong.SetCredentials("device", "wrong");
        var results = new List<MosquittoConnectResult>();
        wrong.Connected += (_, r) => results.Add(r);
        wrong.Connect(broker.Host, broker.Port, 30);
        PumpUntil(wrong, () => results.Count == 1, allowDisconnected: true);
        Assert.False(results[0].Accepted);
        Assert.DoesNotContain("wrong", results[0].Description);

        using MqttCollector collector = MqttCollector.Start(broker.Host, broker.Port, "device", "right", "edgesound/#");
        using var right = new MosquittoClient("right-password", cleanSession: true);
        right.SetCredentials("device", "right");
        var accepted = false;
        right.Connected += (_, r) => accepted = r.Accepted;
        right.Connect(broker.Host, broker.Port, 30);
        PumpUntil(right, () => accepted);
        right.Publish("edgesound/auth", "ok"u8, 1, false);
        Assert.Equal("ok", Encoding.UTF8.GetString(collector.WaitFor("edgesound/auth", Timeout).Payload));
    }

    [Fact]
    public void MissingTlsCaFileIsNamed()
    {
        using var client = new MosquittoClient("tls-client", cleanSession: true);
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-ca-{Guid.NewGuid():N}.crt");

        var ex = Assert.Throws<MosquittoException>(() => client.EnableTls(missing));

        Assert.Contains(missing, ex.Message);
        Assert.Equal(MosquittoError.InvalidArguments, ex.Error);
    }

    [Fact]
    public void InvalidArgumentsAreRejectedBeforeTheLibrary()
    {
        using var client = new MosquittoClient("args", cleanSession: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Publish("t", "x"u8, 3, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Connect("127.0.0.1", 0, 30));
        var notConnected = Assert.Throws<MosquittoException>(() => client.Publish("edgesound/x", "x"u8, 0, false));
        Assert.Equal(MosquittoError.NoConnection, notConnected.Error);
        Assert.Contains("'edgesound/x'", notConnected.Message);
    }

    [Fact]
    public void HandlerExceptionIsRethrownFromLoop()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using var client = new MosquittoClient("throwing-handler", cleanSession: true);
        client.Connected += (_, _) => throw new InvalidOperationException("handler failed");
        client.Connect(broker.Host, broker.Port, 30);

        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            while (clock.Elapsed < Timeout)
            {
                client.Loop(50);
            }
        });
        Assert.Equal("handler failed", ex.Message);
    }

    [Fact]
    public void ReconnectsAfterTheBrokerRestarts()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using var client = new MosquittoClient("survivor", cleanSession: true);
        int connects = 0;
        var disconnects = new List<MosquittoDisconnectResult>();
        client.Connected += (_, r) => connects += r.Accepted ? 1 : 0;
        client.Disconnected += (_, r) => disconnects.Add(r);
        client.Connect(broker.Host, broker.Port, 30);
        PumpUntil(client, () => connects == 1);

        broker.Stop();
        MosquittoError loopResult = MosquittoError.Success;
        var clock = Stopwatch.StartNew();
        while (loopResult == MosquittoError.Success && clock.Elapsed < Timeout)
        {
            loopResult = client.Loop(50);
        }

        Assert.NotEqual(MosquittoError.Success, loopResult);
        Assert.Single(disconnects);
        Assert.False(disconnects[0].Requested);
        var down = Assert.Throws<MosquittoException>(client.Reconnect);
        Assert.Contains($"{broker.Host}:{broker.Port}", down.Message);

        broker.Restart();
        client.Reconnect();
        PumpUntil(client, () => connects == 2);

        using MqttCollector collector = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/back");
        var acked = new List<int>();
        client.Published += (_, m) => acked.Add(m);
        int mid = client.Publish("edgesound/test/back", "again"u8, 1, false);
        PumpUntil(client, () => acked.Contains(mid));
        Assert.Equal("again", Encoding.UTF8.GetString(collector.WaitFor("edgesound/test/back", Timeout).Payload));
    }

    [Fact]
    public void PersistentBrokerKeepsRetainedMessagesAcrossRestart()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(new MosquittoBrokerOptions { Persistence = true });
        using (var client = ConnectedClient(broker, "persist"))
        {
            var acked = new List<int>();
            client.Published += (_, m) => acked.Add(m);
            int mid = client.Publish("edgesound/test/config", "kept"u8, 1, retain: true);
            PumpUntil(client, () => acked.Contains(mid));
            client.Disconnect();
        }

        broker.Restart();

        using MqttCollector collector = MqttCollector.Start(broker.Host, broker.Port, "edgesound/test/config");
        MosquittoMessage kept = collector.WaitFor("edgesound/test/config", Timeout);
        Assert.True(kept.Retain);
        Assert.Equal("kept", Encoding.UTF8.GetString(kept.Payload));
    }

    private static MosquittoClient ConnectedClient(MosquittoBroker broker, string id)
    {
        var client = new MosquittoClient(id, cleanSession: true);
        var connected = false;
        client.Connected += (_, r) => connected = r.Accepted;
        client.Connect(broker.Host, broker.Port, 30);
        PumpUntil(client, () => connected);
        return client;
    }

    private static void PumpUntil(MosquittoClient client, Func<bool> done, bool allowDisconnected = false)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < Timeout, "timed out pumping the client loop");
            MosquittoError rc = client.Loop(20);
            if (!allowDisconnected)
            {
                Assert.True(rc == MosquittoError.Success, $"loop returned {rc}: {MosquittoClient.ErrorMessage(rc)}");
            }
        }
    }

    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
