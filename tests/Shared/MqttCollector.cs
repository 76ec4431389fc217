using System.Diagnostics;
using System.Text;
using EdgeSound.Native.Mosquitto;

namespace EdgeSound.Tests.Shared;

/// <summary>
/// A subscriber for assertions: connects a <see cref="MosquittoClient"/>, subscribes to topic filters and collects
/// every message (topic, payload, QoS, retain flag). It has no thread of its own: <see cref="WaitFor"/>,
/// <see cref="WaitForCount"/> and <see cref="Pump"/> run the network loop on the calling test thread.
/// </summary>
public sealed class MqttCollector : IDisposable
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(10);
    private readonly MosquittoClient _client;
    private readonly List<MosquittoMessage> _messages = [];

    private MqttCollector(MosquittoClient client)
    {
        _client = client;
        _client.MessageReceived += (_, message) => _messages.Add(message);
    }

    /// <summary>Messages received so far, in arrival order.</summary>
    public IReadOnlyList<MosquittoMessage> Messages => _messages;

    /// <summary>Connects to host:port, subscribes (QoS 1) to each filter and returns once every SUBACK arrived,
    /// so retained messages and later publishes are not missed.</summary>
    public static MqttCollector Start(string host, int port, params string[] topicFilters) =>
        Start(host, port, null, null, topicFilters);

    /// <summary>Like <see cref="Start(string, int, string[])"/> with credentials.</summary>
    public static MqttCollector Start(string host, int port, string? username, string? password, params string[] topicFilters)
    {
        if (topicFilters.Length == 0)
        {
            throw new ArgumentException("Give at least one topic filter.", nameof(topicFilters));
        }

        var client = new MosquittoClient($"collector-{Guid.NewGuid():N}"[..23], cleanSession: true);
        var collector = new MqttCollector(client);
        try
        {
            bool connected = false;
            var pending = new HashSet<int>();
            client.Connected += (_, result) =>
            {
                if (!result.Accepted)
                {
                    throw new InvalidOperationException($"Collector connection to {host}:{port} refused: {result.Description}");
                }

                connected = true;
            };
            client.Subscribed += (_, result) => pending.Remove(result.MessageId);
            if (username is not null)
            {
                client.SetCredentials(username, password);
            }

            client.Connect(host, port, 30);
            collector.PumpUntil(() => connected, SetupTimeout, $"CONNACK from {host}:{port}");
            foreach (string filter in topicFilters)
            {
                pending.Add(client.Subscribe(filter, 1));
            }

            collector.PumpUntil(() => pending.Count == 0, SetupTimeout, $"SUBACK for {string.Join(", ", topicFilters)}");
            return collector;
        }
        catch
        {
            collector.Dispose();
            throw;
        }
    }

    /// <summary>Runs the loop until a message matching <paramref name="match"/> has arrived (also one received
    /// earlier) and returns it.</summary>
    /// <exception cref="TimeoutException">None arrived; the message lists what did.</exception>
    public MosquittoMessage WaitFor(Func<MosquittoMessage, bool> match, TimeSpan timeout)
    {
        MosquittoMessage? found = null;
        PumpUntil(
            () =>
            {
                found = _messages.Find(m => match(m));
                return found is not null;
            },
            timeout,
            "a matching message");
        return found!;
    }

    /// <summary>Waits for the first message on exactly <paramref name="topic"/>.</summary>
    public MosquittoMessage WaitFor(string topic, TimeSpan timeout) => WaitFor(m => m.Topic == topic, timeout);

    /// <summary>Runs the loop until at least <paramref name="count"/> messages have arrived.</summary>
    public IReadOnlyList<MosquittoMessage> WaitForCount(int count, TimeSpan timeout)
    {
        PumpUntil(() => _messages.Count >= count, timeout, $"{count} messages");
        return _messages;
    }

    /// <summary>Runs the loop for <paramref name="duration"/> (to check that nothing more arrives).</summary>
    public void Pump(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            LoopOnce();
        }
    }

    /// <summary>Forgets the messages received so far.</summary>
    public void Clear() => _messages.Clear();

    /// <summary>Disconnects cleanly and frees the client.</summary>
    public void Dispose()
    {
        try
        {
            _client.Disconnect();
        }
        catch (MosquittoException)
        {
        }

        _client.Dispose();
    }

    private void PumpUntil(Func<bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0.#} s. Received: {Describe()}");
            }

            LoopOnce();
        }
    }

    private void LoopOnce()
    {
        MosquittoError rc = _client.Loop(20);
        if (rc != MosquittoError.Success)
        {
            throw new InvalidOperationException($"Collector lost its broker connection: {MosquittoClient.ErrorMessage(rc)}");
        }
    }

    private string Describe()
    {
        if (_messages.Count == 0)
        {
            return "nothing";
        }

        var text = new StringBuilder();
        foreach (MosquittoMessage m in _messages)
        {
            text.Append($"[{m.Topic} retain={m.Retain} '{Encoding.UTF8.GetString(m.Payload)}'] ");
        }

        return text.ToString();
    }
}
