using System.Text;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Daemon.Tests.Resilience;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

/// <summary>
/// The MQTT link's reconnect delays against a real mosquitto that goes away and comes back, on a fake clock (only the
/// delays run on it): they double from <c>mqtt:reconnect_min_s</c> to <c>mqtt:reconnect_max_s</c>, start again from the
/// minimum after a connection, and each failure gets one warning announcing the delay that is then waited.
/// </summary>
public sealed class MqttReconnectDelayTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly TopicLayout Topics = new("edgesound", "test-device", "homeassistant");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-reconnect-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Delays_double_to_the_maximum_while_the_broker_is_away_and_start_again_from_the_minimum_after_a_connection()
    {
        using var broker = MosquittoBroker.Start();
        broker.Stop();
        using var outbox = Outbox.Open(Path.Combine(_dir, "outbox.journal"), 100, OutboxFullPolicy.DropOldest);
        outbox.Enqueue(Encoding.UTF8.GetBytes("""{"event_type":"dog","label":"dog"}"""));
        var connection = new MqttConnection(broker.Host, broker.Port, false, "", "", "", "", null, "edgesound-delays", 10, Seconds(0.2), Seconds(1));
        var clock = new DelayClock();
        var log = new ListLogger();
        using var link = new MqttLink(connection, Topics, [], new AlertRouting(Topics, ["dog"]), outbox, log, Seconds(5), time: clock);
        link.Start();

        var away = Enumerable.Range(0, 5).Select(_ => clock.ElapseNext()).ToList();
        Assert.Equal([Seconds(0.2), Seconds(0.4), Seconds(0.8), Seconds(1), Seconds(1)], away);
        Assert.Equal(Seconds(1), clock.NextTimer());
        broker.Restart();
        clock.Advance(Seconds(1));
        Assert.True(link.WaitUntilDelivered(Wait), "the alert was not delivered once the broker was back:\n" + log);
        Assert.Equal(1, link.Connections);

        broker.Stop();
        Assert.Equal(Seconds(0.2), clock.ElapseNext());
        Assert.Equal(Seconds(0.4), clock.NextTimer());
        link.Stop(Wait);

        var warnings = log.ToString().Split(Environment.NewLine).Where(l => l.StartsWith("Warning: MQTT", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, warnings.Count);
        string[] announced = ["0.2", "0.4", "0.8", "1", "1", "1", "0.2", "0.4"];
        for (var i = 0; i < warnings.Count; i++)
        {
            var state = i == 6 ? "connection lost to" : "cannot reach";
            Assert.StartsWith($"Warning: MQTT {state} {connection}: ", warnings[i]);
            Assert.EndsWith($"; retrying in {announced[i]} s ({(i < 6 ? 1 : 0)} alerts waiting)", warnings[i]);
        }
    }
}
