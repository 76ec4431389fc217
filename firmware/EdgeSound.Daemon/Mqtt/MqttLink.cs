using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using EdgeSound.Native.Mosquitto;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// The MQTT transport: one libmosquitto client driven by one dedicated thread. It keeps the connection up
/// (reconnect with exponential back-off), announces availability (<c>online</c> retained; the will publishes
/// <c>offline</c> retained), publishes retained discovery on every connect and again when Home Assistant's status
/// topic says <c>online</c>, and delivers the <see cref="Outbox"/> in order: one alert in flight at a time (QoS 1,
/// not retained), removed from the outbox only when its PUBACK arrives. Payloads are built elsewhere; this class
/// only moves bytes.
/// </summary>
public sealed class MqttLink : IDisposable
{
    private static readonly byte[] OnlinePayload = Encoding.UTF8.GetBytes(TopicLayout.Online);
    private static readonly byte[] OfflinePayload = Encoding.UTF8.GetBytes(TopicLayout.Offline);

    private readonly MqttConnection _connection;
    private readonly TopicLayout _topics;
    private readonly IReadOnlyList<DiscoveryMessage> _discovery;
    private readonly Outbox _outbox;
    private readonly ILogger _log;
    private readonly TimeSpan _resendAfter;
    private readonly ConcurrentQueue<byte[]> _levels = new();
    private readonly ManualResetEventSlim _stopped = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Thread? _thread;
    private volatile bool _stopRequested;
    private volatile bool _abandon;
    private volatile bool _connected;
    private volatile bool _idle = true;
    private Inflight? _inflight;
    private bool _everConnected;
    private bool _connecting;
    private TimeSpan _nextAttempt;
    private TimeSpan _backoff;
    private int _offlineMid = -1;
    private bool _offlineAcked;
    private Exception? _failure;

    private sealed class Inflight(long sequence, int mid, TimeSpan sentAt)
    {
        public long Sequence { get; } = sequence;
        public HashSet<int> Mids { get; } = [mid];
        public TimeSpan SentAt { get; set; } = sentAt;
    }

    public MqttLink(MqttConnection connection, TopicLayout topics, IReadOnlyList<DiscoveryMessage> discovery, Outbox outbox, ILogger log, TimeSpan? resendAfter = null)
    {
        _connection = connection;
        _topics = topics;
        _discovery = discovery;
        _outbox = outbox;
        _log = log;
        _resendAfter = resendAfter ?? TimeSpan.FromSeconds(20);
        _backoff = connection.ReconnectMin;
    }

    public bool IsConnected => _connected;

    /// <summary>Alerts acknowledged by the broker (this process).</summary>
    public long Delivered { get; private set; }

    /// <summary>Successful connections (the first one included).</summary>
    public long Connections { get; private set; }

    /// <summary>True when the outbox is empty and nothing is in flight.</summary>
    public bool Idle => _idle && _outbox.Count == 0;

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("MQTT link already started");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "mqtt" };
        _thread.Start();
    }

    /// <summary>Queues a sound-level report (QoS 0, not retained; dropped while disconnected).</summary>
    public void ReportLevel(double levelDbfs)
    {
        if (_connected && _levels.Count < 16)
        {
            _levels.Enqueue(Encoding.UTF8.GetBytes(DiscoveryPayloads.LevelState(levelDbfs)));
        }
    }

    /// <summary>Waits until every queued alert was acknowledged; false when <paramref name="timeout"/> passed first.</summary>
    public bool WaitUntilDelivered(TimeSpan timeout, CancellationToken cancel = default)
    {
        var until = _clock.Elapsed + timeout;
        while (!Idle)
        {
            if (_clock.Elapsed >= until || cancel.IsCancellationRequested || _stopped.IsSet)
            {
                return Idle;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>Publishes <c>offline</c>, disconnects cleanly and ends the thread (bounded by <paramref name="timeout"/>).</summary>
    public void Stop(TimeSpan timeout)
    {
        _stopRequested = true;
        if (_thread is not null && !_thread.Join(timeout))
        {
            _log.LogWarning("MQTT thread did not stop within {Timeout}", timeout);
        }

        if (_failure is not null)
        {
            _log.LogError(_failure, "MQTT thread failed");
        }
    }

    /// <summary>Ends the thread and drops the connection WITHOUT a DISCONNECT, as a crash would (the broker sends the will).</summary>
    public void Abandon()
    {
        _abandon = true;
        Stop(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        if (_thread is not null && _thread.IsAlive)
        {
            Stop(TimeSpan.FromSeconds(2));
        }

        _stopped.Dispose();
    }

    private void Run()
    {
        try
        {
            using var client = new MosquittoClient(_connection.ClientId, cleanSession: true);
            Configure(client);
            while (!_stopRequested)
            {
                Step(client);
            }

            if (!_abandon)
            {
                Shutdown(client);
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _connected = false;
            _stopped.Set();
        }
    }

    private void Configure(MosquittoClient client)
    {
        client.SetWill(_topics.Availability, OfflinePayload, 1, retain: true);
        if (_connection.Username.Length > 0)
        {
            client.SetCredentials(_connection.Username, _connection.Password);
        }

        if (_connection.Tls)
        {
            client.EnableTls(_connection.CaFile);
        }

        client.Connected += (_, r) => OnConnected(client, r);
        client.Disconnected += (_, r) => OnDisconnected(r);
        client.Published += (_, mid) => OnPublished(mid);
        client.MessageReceived += (_, m) => OnMessage(client, m);
    }

    private void Step(MosquittoClient client)
    {
        var now = _clock.Elapsed;
        if (!_connected && !_connecting && now >= _nextAttempt)
        {
            TryConnect(client, now);
        }

        if (!_connected && !_connecting)
        {
            _stopped.Wait(TimeSpan.FromMilliseconds(25));
            return;
        }

        var rc = client.Loop(25);
        if (rc != MosquittoError.Success)
        {
            if (_connected || _connecting)
            {
                _log.LogWarning("MQTT connection to {Broker} lost: {Reason}; retrying in {Delay:0.#} s", _connection, MosquittoClient.ErrorMessage(rc), _backoff.TotalSeconds);
            }

            Lost();
            return;
        }

        if (_connected)
        {
            Deliver(client);
        }
    }

    private void TryConnect(MosquittoClient client, TimeSpan now)
    {
        try
        {
            if (_everConnected || _connecting)
            {
                client.Reconnect();
            }
            else
            {
                client.Connect(_connection.Host, _connection.Port, _connection.KeepAliveSeconds);
            }

            _everConnected = true;
            _connecting = true;
            _nextAttempt = now + TimeSpan.FromSeconds(Math.Max(10, _connection.KeepAliveSeconds));
        }
        catch (MosquittoException e)
        {
            _log.LogWarning("MQTT cannot reach {Broker}: {Reason}; retrying in {Delay:0.#} s ({Waiting} alerts waiting)", _connection, e.Message, _backoff.TotalSeconds, _outbox.Count);
            _nextAttempt = now + _backoff;
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _connection.ReconnectMax.Ticks));
        }
    }

    private void Lost()
    {
        _connected = false;
        _connecting = false;
        _nextAttempt = _clock.Elapsed + _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _connection.ReconnectMax.Ticks));
    }

    private void OnConnected(MosquittoClient client, MosquittoConnectResult result)
    {
        _connecting = false;
        if (!result.Accepted)
        {
            _log.LogError("MQTT broker {Broker} refused the connection: {Reason}", _connection, result.Description);
            client.Disconnect();
            Lost();
            return;
        }

        _connected = true;
        Connections++;
        _backoff = _connection.ReconnectMin;
        _log.LogInformation("MQTT connected to {Broker} as {ClientId} ({Waiting} alerts waiting)", _connection, _connection.ClientId, _outbox.Count);
        client.Publish(_topics.Availability, OnlinePayload, 1, retain: true);
        PublishDiscovery(client);
        client.Subscribe(_topics.HomeAssistantStatus, 1);
        if (_inflight is not null)
        {
            _inflight.SentAt = _clock.Elapsed;
        }
    }

    private void OnDisconnected(MosquittoDisconnectResult result)
    {
        if (_connected && !_stopRequested)
        {
            _log.LogWarning("MQTT disconnected from {Broker}: {Reason}", _connection, result.Description);
        }

        _connected = false;
        _connecting = false;
        if (!_stopRequested)
        {
            Lost();
        }
    }

    private void OnPublished(int mid)
    {
        if (mid == _offlineMid)
        {
            _offlineAcked = true;
            return;
        }

        if (_inflight is { } f && f.Mids.Contains(mid))
        {
            _outbox.Remove(f.Sequence);
            _inflight = null;
            _idle = true;
            Delivered++;
        }
    }

    private void OnMessage(MosquittoClient client, MosquittoMessage message)
    {
        if (message.Topic == _topics.HomeAssistantStatus && Encoding.UTF8.GetString(message.Payload) == TopicLayout.Online && _connected)
        {
            _log.LogInformation("Home Assistant is online again: re-sending discovery");
            client.Publish(_topics.Availability, OnlinePayload, 1, retain: true);
            PublishDiscovery(client);
        }
    }

    private void PublishDiscovery(MosquittoClient client)
    {
        foreach (var d in _discovery)
        {
            client.Publish(d.Topic, Encoding.UTF8.GetBytes(d.Payload), 1, retain: true);
        }
    }

    private void Deliver(MosquittoClient client)
    {
        var now = _clock.Elapsed;
        if (_inflight is null)
        {
            if (_outbox.Peek() is { } head)
            {
                _idle = false;
                var mid = client.Publish(_topics.Event, head.Payload, 1, retain: false);
                _inflight = new Inflight(head.Sequence, mid, now);
            }
        }
        else if (now - _inflight.SentAt > _resendAfter)
        {
            if (_outbox.Peek() is { } head && head.Sequence == _inflight.Sequence)
            {
                _log.LogWarning("MQTT alert {Sequence} not acknowledged after {Seconds:0} s: publishing it again", head.Sequence, _resendAfter.TotalSeconds);
                _inflight.Mids.Add(client.Publish(_topics.Event, head.Payload, 1, retain: false));
                _inflight.SentAt = now;
            }
            else
            {
                _inflight = null;
            }
        }

        while (_levels.TryDequeue(out var level))
        {
            client.Publish(_topics.Level, level, 0, retain: false);
        }
    }

    private void Shutdown(MosquittoClient client)
    {
        if (!_connected)
        {
            return;
        }

        try
        {
            _offlineMid = client.Publish(_topics.Availability, OfflinePayload, 1, retain: true);
            var until = _clock.Elapsed + TimeSpan.FromSeconds(1);
            while (!_offlineAcked && _clock.Elapsed < until && client.Loop(20) == MosquittoError.Success)
            {
            }

            client.Disconnect();
            client.Loop(10);
            _log.LogInformation("MQTT disconnected from {Broker} ({Delivered} alerts delivered, {Waiting} waiting)", _connection, Delivered, _outbox.Count);
        }
        catch (MosquittoException e)
        {
            _log.LogWarning("MQTT clean disconnect failed: {Reason}", e.Message);
        }
    }
}
