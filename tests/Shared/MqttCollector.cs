using System.Buffers;
using System.Diagnostics;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSound.Tests.Shared;

/// <summary>One message as a subscriber received it.</summary>
/// <param name="Retain">True only for a retained message sent on subscribe (MQTT 3.1.1 semantics: a live publication
/// reaches existing subscribers without the flag).</param>
public sealed record CollectedMessage(string Topic, byte[] Payload, int Qos, bool Retain)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A subscriber for assertions on an MQTTnet client (MQTT 3.1.1): subscribes (QoS 1) to topic filters and collects every
/// message (topic, payload, QoS, retain flag). Messages arrive on MQTTnet's tasks; <see cref="WaitFor"/>,
/// <see cref="WaitForCount"/> and <see cref="Pump"/> poll what arrived. A persistent session
/// (<see cref="StartPersistent"/>) keeps QoS 1 messages on the broker while the collector is disconnected.
/// </summary>
public sealed class MqttCollector : IDisposable
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(10);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<CollectedMessage> _messages = [];
    private readonly MqttClientOptions _options;
    private readonly string[] _filters;

    private MqttCollector(MqttClientOptions options, string[] filters)
    {
        _options = options;
        _filters = filters;
        _client.ApplicationMessageReceivedAsync += async e =>
        {
            // Acknowledged before it is counted: a message WaitForCount returns has had its PUBACK sent, so a
            // Disconnect right after it does not leave it unacknowledged for the broker to deliver again.
            e.AutoAcknowledge = false;
            await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
            var m = e.ApplicationMessage;
            lock (_messages)
            {
                _messages.Add(new CollectedMessage(m.Topic, m.Payload.ToArray(), (int)m.QualityOfServiceLevel, m.Retain));
            }
        };
    }

    /// <summary>Messages received so far, in arrival order (a copy).</summary>
    public IReadOnlyList<CollectedMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Connects to host:port, subscribes (QoS 1) to each filter and returns once the SUBACK arrived,
    /// so retained messages and later publishes are not missed.</summary>
    public static MqttCollector Start(string host, int port, params string[] topicFilters) =>
        Start(host, port, null, null, topicFilters);

    /// <summary>Like <see cref="Start(string, int, string[])"/> with credentials.</summary>
    public static MqttCollector Start(string host, int port, string? username, string? password, params string[] topicFilters) =>
        Open(Options(host, port, $"collector-{Guid.NewGuid():N}"[..23], cleanSession: true, username, password), topicFilters);

    /// <summary>A collector with a persistent session under <paramref name="clientId"/>: after <see cref="Disconnect"/>
    /// the broker keeps its QoS 1 messages for the next <see cref="Reconnect"/>.</summary>
    public static MqttCollector StartPersistent(string host, int port, string clientId, params string[] topicFilters) =>
        Open(Options(host, port, clientId, cleanSession: false, null, null), topicFilters);

    /// <summary>Runs until a message matching <paramref name="match"/> has arrived (also one received earlier) and returns it.</summary>
    /// <exception cref="TimeoutException">None arrived; the message lists what did.</exception>
    public CollectedMessage WaitFor(Func<CollectedMessage, bool> match, TimeSpan timeout)
    {
        CollectedMessage? found = null;
        PollUntil(
            () =>
            {
                found = Messages.FirstOrDefault(match);
                return found is not null;
            },
            timeout,
            "a matching message");
        return found!;
    }

    /// <summary>Waits for the first message on exactly <paramref name="topic"/>.</summary>
    public CollectedMessage WaitFor(string topic, TimeSpan timeout) => WaitFor(m => m.Topic == topic, timeout);

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived and returns them all.</summary>
    public IReadOnlyList<CollectedMessage> WaitForCount(int count, TimeSpan timeout)
    {
        PollUntil(() => Messages.Count >= count, timeout, $"{count} messages");
        return Messages;
    }

    /// <summary>Lets messages arrive for <paramref name="duration"/> (to check that nothing more arrives).</summary>
    public static void Pump(TimeSpan duration) => Thread.Sleep(duration);

    /// <summary>Forgets the messages received so far.</summary>
    public void Clear()
    {
        lock (_messages)
        {
            _messages.Clear();
        }
    }

    /// <summary>Sends DISCONNECT (a persistent session stays on the broker).</summary>
    public void Disconnect()
    {
        if (_client.IsConnected)
        {
            _client.DisconnectAsync(new MqttClientDisconnectOptions()).GetAwaiter().GetResult();
        }
    }

    /// <summary>Connects again (after <see cref="Disconnect"/> or after the broker went away) and subscribes again.</summary>
    public void Reconnect()
    {
        Disconnect();
        Connect();
    }

    /// <summary>Disconnects cleanly and frees the client.</summary>
    public void Dispose()
    {
        try
        {
            Disconnect();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
        }

        _client.Dispose();
    }

    private static MqttClientOptions Options(string host, int port, string clientId, bool cleanSession, string? username, string? password)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithTimeout(SetupTimeout);
        if (username is not null)
        {
            builder.WithCredentials(username, password);
        }

        return builder.Build();
    }

    private static MqttCollector Open(MqttClientOptions options, string[] topicFilters)
    {
        if (topicFilters.Length == 0)
        {
            throw new ArgumentException("Give at least one topic filter.", nameof(topicFilters));
        }

        var collector = new MqttCollector(options, topicFilters);
        try
        {
            collector.Connect();
            return collector;
        }
        catch
        {
            collector.Dispose();
            throw;
        }
    }

    private void Connect()
    {
        var result = _client.ConnectAsync(_options).GetAwaiter().GetResult();
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"Collector connection to {_options.ChannelOptions} refused: {result.ResultCode}");
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _filters)
        {
            subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        _client.SubscribeAsync(subscribe.Build()).GetAwaiter().GetResult();
    }

    private void PollUntil(Func<bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0.#} s. Received: {Describe()}");
            }

            Thread.Sleep(10);
        }
    }

    private string Describe()
    {
        var messages = Messages;
        if (messages.Count == 0)
        {
            return "nothing";
        }

        var text = new StringBuilder();
        foreach (var m in messages)
        {
            text.Append($"[{m.Topic} retain={m.Retain} '{m.Text}'] ");
        }

        return text.ToString();
    }
}
