using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using EdgeSound.Daemon.Resilience;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// The MQTT transport on one MQTTnet client, driven by one task. It keeps the connection up (a
/// <see cref="Reconnector{T}"/> reconnects with exponential back-off between <see cref="MqttConnection.ReconnectMin"/> and
/// <see cref="MqttConnection.ReconnectMax"/>, again from the minimum after each successful connection),
/// announces availability (<c>online</c> retained; the will publishes <c>offline</c> retained), publishes retained
/// discovery on every connect and again when Home Assistant's status topic says <c>online</c>, and delivers the
/// <see cref="Outbox"/> in order: one alert at a time (QoS 1, not retained) to the topics <see cref="AlertRouting"/>
/// gives, removed from the outbox only once the broker sent a successful PUBACK for every one of those publishes.
/// Payloads are built elsewhere; this class only moves bytes.
/// </summary>
/// <remarks>
/// A publish counts as acknowledged only when MQTTnet returns a result carrying the PUBACK's packet identifier and a
/// success reason code (<c>Success</c> or <c>NoMatchingSubscribers</c>). A connection that drops while a publish waits
/// makes MQTTnet throw (the waiter is failed, never completed), a PUBACK with a failure reason code (for example
/// <c>NotAuthorized</c>) leaves the alert at the head of the outbox and it is tried again after
/// <c>ackTimeout</c>, and no PUBACK within <c>ackTimeout</c> drops the connection: the alert is published again
/// on the next one, as MQTT 5 section 4.4 prescribes for resending.
/// </remarks>
public sealed class MqttLink : IDisposable
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(1);

    private readonly MqttConnection _connection;
    private readonly TopicLayout _topics;
    private readonly IReadOnlyList<DiscoveryMessage> _discovery;
    private readonly AlertRouting _routing;
    private readonly Outbox _outbox;
    private readonly ILogger _log;
    private readonly TimeSpan _ackTimeout;
    private readonly MqttClientOptions _options;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _states = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _pendingTopics = [];
    private readonly IReadOnlyList<CommandTopic> _commands;
    private readonly Reconnector<IMqttClient> _reconnect;
    private Task? _run;
    private volatile bool _abandon;
    private volatile bool _connected;
    private volatile bool _idle = true;
    private volatile bool _rediscover;
    private long _pendingSequence = -1;
    private long _delivered;
    private long _connections;

    /// <param name="ackTimeout">How long a publish may wait for its PUBACK before the connection is dropped and the
    /// alert published again; default 20 s.</param>
    /// <param name="commands">Command topics to subscribe to on every connect (for example clip feedback).</param>
    /// <param name="time">The clock the reconnect delays run on; the system clock when null.</param>
    /// <exception cref="Configuration.ConfigException">A TLS certificate file cannot be used (see <see cref="ClientOptionsFactory"/>).</exception>
    public MqttLink(MqttConnection connection, TopicLayout topics, IReadOnlyList<DiscoveryMessage> discovery, AlertRouting routing, Outbox outbox, ILogger log, TimeSpan? ackTimeout = null,
        IReadOnlyList<CommandTopic>? commands = null, TimeProvider? time = null)
    {
        _commands = commands ?? [];
        _connection = connection;
        _topics = topics;
        _discovery = discovery;
        _routing = routing;
        _outbox = outbox;
        _log = log;
        _ackTimeout = ackTimeout ?? TimeSpan.FromSeconds(20);
        _options = ClientOptionsFactory.Build(connection, topics.Availability);
        // Whatever ended a connection, the link must live on: the alerts stay in the outbox.
        _reconnect = new Reconnector<IMqttClient>(connection.ReconnectMin, connection.ReconnectMax, e => e is not OutOfMemoryException, OnRetry, time);
    }

    public bool IsConnected => _connected;

    /// <summary>Alerts acknowledged by the broker (this process).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Successful connections (the first one included).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>True when the outbox is empty and nothing is in flight.</summary>
    public bool Idle => _idle && _outbox.Count == 0;

    public void Start()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("MQTT link already started");
        }

        _run = Task.Run(RunAsync);
    }

    /// <summary>Queues a sound-level report (QoS 0, not retained; dropped while disconnected).</summary>
    public void ReportLevel(double levelDbfs) => PublishState(_topics.Level, DiscoveryPayloads.LevelState(levelDbfs));

    /// <summary>Queues a minute's levels for the LAeq sensor (QoS 0, not retained; dropped while disconnected: the history keeps them).</summary>
    public void ReportMinute(Levels.MinuteLevels minute) => PublishState(_topics.Levels, DiscoveryPayloads.LevelsState(minute));

    private void PublishState(string topic, string payload)
    {
        if (_connected && _states.Count < 16)
        {
            _states.Enqueue((topic, Encoding.UTF8.GetBytes(payload)));
        }
    }

    /// <summary>Waits until every queued alert was acknowledged; false when <paramref name="timeout"/> passed first.</summary>
    public bool WaitUntilDelivered(TimeSpan timeout, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        while (!Idle)
        {
            if (clock.Elapsed >= timeout || cancel.IsCancellationRequested || _run is { IsCompleted: true })
            {
                return Idle;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>Publishes <c>offline</c>, disconnects cleanly and ends the task (bounded by <paramref name="timeout"/>).</summary>
    public void Stop(TimeSpan timeout)
    {
        _stop.Cancel();
        if (_run is not null && !_run.Wait(timeout))
        {
            _log.LogWarning("MQTT link did not stop within {Timeout}", timeout);
        }
    }

    /// <summary>Ends the task and drops the connection WITHOUT a DISCONNECT, as a crash would (the broker sends the will).</summary>
    public void Abandon()
    {
        _abandon = true;
        Stop(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        if (_run is { IsCompleted: false })
        {
            Stop(TimeSpan.FromSeconds(2));
        }

        // A task that outlived its stop still watches the token: leave the source to the finalizer then.
        if (_run is null or { IsCompleted: true })
        {
            _stop.Dispose();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await _reconnect.RunAsync(OpenAsync, ServeUntilStopAsync, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _connected = false;
        }
    }

    /// <summary>A new client, connected, announced and subscribed; null when the broker refused the connection (logged).</summary>
    private async ValueTask<IMqttClient?> OpenAsync(CancellationToken stop)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        var connected = false;
        try
        {
            connected = await ConnectAsync(client, stop).ConfigureAwait(false);
            return connected ? client : null;
        }
        finally
        {
            if (!connected)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Serves a connected client until the connection is lost (throws) or the link stops; then it publishes
    /// <c>offline</c> and disconnects, unless <see cref="Abandon"/> asked to drop the connection as a crash would.
    /// </summary>
    private async ValueTask ServeUntilStopAsync(IMqttClient client, CancellationToken stop)
    {
        try
        {
            await ServeAsync(client, stop).ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }

        _connected = false;
        if (!_abandon)
        {
            await ShutdownAsync(client).ConfigureAwait(false);
        }
    }

    /// <summary>One warning per failed connection, before the reconnect delay; a refusal was logged as an error already.</summary>
    private void OnRetry(Exception? failure, TimeSpan delay)
    {
        if (failure is not null)
        {
            _log.LogWarning("MQTT {State} {Broker}: {Reason}{Hint}; retrying in {Delay:0.#} s ({Waiting} alerts waiting)",
                _connected ? "connection lost to" : "cannot reach", _connection, Reason(failure), _connected ? "" : ConnectHint(failure), delay.TotalSeconds, _outbox.Count);
        }

        _connected = false;
    }

    private async Task<bool> ConnectAsync(IMqttClient client, CancellationToken stop)
    {
        MqttClientConnectResult result;
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            bounded.CancelAfter(ClientOptionsFactory.RequestTimeout);
            result = await client.ConnectAsync(_options, bounded.Token).ConfigureAwait(false);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            _log.LogError("MQTT broker {Broker} refused the connection: {Code}{Detail}", _connection, result.ResultCode, RefusalDetail(result));
            return false;
        }

        _connected = true;
        Interlocked.Increment(ref _connections);
        _log.LogInformation("MQTT connected to {Broker} as {ClientId} ({Waiting} alerts waiting)", _connection, _connection.ClientId, _outbox.Count);
        await AnnounceAsync(client, stop).ConfigureAwait(false);
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(_topics.HomeAssistantStatus).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        foreach (var command in _commands)
        {
            subscription.WithTopicFilter(f => f.WithTopic(command.Topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        await client.SubscribeAsync(subscription.Build(), stop).ConfigureAwait(false);
        return true;
    }

    private async Task ServeAsync(IMqttClient client, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!client.IsConnected)
            {
                throw new MqttCommunicationException("the broker closed the connection");
            }

            if (_rediscover)
            {
                _rediscover = false;
                _log.LogInformation("Home Assistant is online again: re-sending discovery");
                await AnnounceAsync(client, stop).ConfigureAwait(false);
            }

            var delivered = await DeliverHeadAsync(client, stop).ConfigureAwait(false);
            while (_states.TryDequeue(out var state))
            {
                await client.PublishAsync(Message(state.Topic, state.Payload, MqttQualityOfServiceLevel.AtMostOnce, retain: false), stop).ConfigureAwait(false);
            }

            if (!delivered)
            {
                await Task.Delay(IdlePoll, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Publishes the outbox's head to each of its topics still waiting; true when the head left the outbox.</summary>
    private async Task<bool> DeliverHeadAsync(IMqttClient client, CancellationToken stop)
    {
        if (_outbox.Peek() is not { } head)
        {
            _idle = true;
            return false;
        }

        _idle = false;
        if (head.Sequence != _pendingSequence)
        {
            _pendingSequence = head.Sequence;
            _pendingTopics.Clear();
            _pendingTopics.AddRange(_routing.TopicsFor(head.Payload));
        }

        while (_pendingTopics.Count > 0)
        {
            var topic = _pendingTopics[0];
            MqttClientPublishResult result;
            using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                bounded.CancelAfter(_ackTimeout);
                result = await client.PublishAsync(Message(topic, head.Payload, MqttQualityOfServiceLevel.AtLeastOnce, retain: false), bounded.Token).ConfigureAwait(false);
            }

            if (!IsPubAckSuccess(result))
            {
                _log.LogError("MQTT broker {Broker} did not accept alert {Sequence} on {Topic}: {Code} {Reason}; it stays in the outbox, next try in {Delay:0} s",
                    _connection, head.Sequence, topic, result.ReasonCode, result.ReasonString ?? "", _ackTimeout.TotalSeconds);
                await Task.Delay(_ackTimeout, stop).ConfigureAwait(false);
                return false;
            }

            _pendingTopics.RemoveAt(0);
        }

        _outbox.Remove(head.Sequence);
        _pendingSequence = -1;
        Interlocked.Increment(ref _delivered);
        return true;
    }

    /// <summary>A QoS 1 result that stands for a real PUBACK: it carries the packet identifier (MQTTnet's QoS 0 result
    /// does not) and a success reason code.</summary>
    private static bool IsPubAckSuccess(MqttClientPublishResult result) => result.PacketIdentifier is > 0 && result.IsSuccess;

    private async Task AnnounceAsync(IMqttClient client, CancellationToken stop)
    {
        await client.PublishAsync(Message(_topics.Availability, Encoding.UTF8.GetBytes(TopicLayout.Online), MqttQualityOfServiceLevel.AtLeastOnce, retain: true), stop).ConfigureAwait(false);
        foreach (var d in _discovery)
        {
            await client.PublishAsync(Message(d.Topic, Encoding.UTF8.GetBytes(d.Payload), MqttQualityOfServiceLevel.AtLeastOnce, retain: true), stop).ConfigureAwait(false);
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (topic == _topics.HomeAssistantStatus && e.ApplicationMessage.ConvertPayloadToString() == TopicLayout.Online)
        {
            _rediscover = true;
        }

        foreach (var command in _commands)
        {
            if (topic != command.Topic)
            {
                continue;
            }

            try
            {
                command.Handler(e.ApplicationMessage.Payload.ToArray());
            }
            catch (Exception fault) when (fault is not OutOfMemoryException)
            {
                // A command handler's fault must not end the connection that carries the alerts.
                _log.LogError("MQTT command on {Topic} failed: {Reason}", topic, Reason(fault));
            }
        }

        return Task.CompletedTask;
    }

    private async Task ShutdownAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        using var bounded = new CancellationTokenSource(ShutdownTimeout);
        try
        {
            await client.PublishAsync(Message(_topics.Availability, Encoding.UTF8.GetBytes(TopicLayout.Offline), MqttQualityOfServiceLevel.AtLeastOnce, retain: true), bounded.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), bounded.Token).ConfigureAwait(false);
            _log.LogInformation("MQTT disconnected from {Broker} ({Delivered} alerts delivered, {Waiting} waiting)", _connection, Delivered, _outbox.Count);
        }
        catch (Exception e) when (IsConnectionFault(e))
        {
            _log.LogWarning("MQTT clean disconnect failed: {Reason}", Reason(e));
        }
    }

    /// <summary>The broker's reason text (when it sent one) and what to check for the refusals a configuration causes.</summary>
    private string RefusalDetail(MqttClientConnectResult result)
    {
        var detail = result.ReasonString is { Length: > 0 } reason ? $" ({reason})" : "";
        return result.ResultCode switch
        {
            MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword =>
                $"{detail}; check mqtt:username ({(_connection.Username.Length > 0 ? _connection.Username : "not set")}) and the password "
                + (_connection.PasswordSource.Length > 0 ? $"from {_connection.PasswordSource}" : "(none is set: mqtt:password_file or mqtt:password_env)"),
            MqttClientConnectResultCode.QoSNotSupported =>
                $"{detail}; alerts and the offline will are published with QoS 1: the broker must allow QoS 1 (mosquitto: max_qos)",
            _ => detail,
        };
    }

    /// <summary>
    /// A hint for a connect that failed: a peer whose answer is no MQTT packet is not a broker's MQTT port (a web
    /// server, or a TLS listener reached with plain MQTT); a TLS connect that the peer reset or closed before the
    /// handshake finished usually reached a port that speaks plain MQTT (a plain listener reads the TLS hello as a
    /// malformed packet and drops the connection).
    /// </summary>
    private string ConnectHint(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is MqttProtocolViolationException)
            {
                return $" (port {_connection.Port} answered, but not in MQTT: is it the broker's port? a TLS listener takes mqtts://)";
            }
        }

        if (!_connection.Tls)
        {
            return "";
        }

        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            // Reset by the peer, or closed mid-handshake (SslStream's end-of-stream IOException carries no inner cause).
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset } || (inner is IOException && inner.InnerException is null))
            {
                return $" (does port {_connection.Port} speak TLS? mqtts:// needs a TLS listener; a plain one takes mqtt://)";
            }
        }

        return "";
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload, MqttQualityOfServiceLevel qos, bool retain) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build();

    private static bool IsConnectionFault(Exception e) =>
        e is MqttCommunicationException or IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException;

    private static string Reason(Exception e)
    {
        var text = new StringBuilder(e.Message);
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.ToString().Contains(inner.Message, StringComparison.Ordinal))
            {
                text.Append(": ").Append(inner.Message);
            }
        }

        return text.ToString();
    }
}
