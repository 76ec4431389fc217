using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using EdgeSound.Native.Mosquitto.Interop;

namespace EdgeSound.Native.Mosquitto;

/// <summary>
/// One MQTT client (<c>struct mosquitto</c>) from libmosquitto. No threads are started: the owner calls
/// <see cref="Loop"/> regularly from its own thread, and every event is raised on that thread from inside
/// <see cref="Loop"/>. <see cref="Publish"/> may be called from another thread (libmosquitto locks its queues).
/// </summary>
/// <remarks>
/// Reconnecting is the owner's decision: when <see cref="Loop"/> returns <see cref="MosquittoError.NoConnection"/>
/// or <see cref="MosquittoError.ConnectionLost"/>, call <see cref="Reconnect"/> (it throws while the broker is still
/// away). Credentials passed to <see cref="SetCredentials"/> are handed straight to libmosquitto and never kept,
/// logged or put into exception messages.
/// An exception thrown by an event handler is caught at the native boundary and rethrown by the call that raised
/// the event (<see cref="Loop"/>, <see cref="Disconnect"/>).
/// </remarks>
public sealed unsafe class MosquittoClient : IDisposable
{
    private static readonly object InitLock = new();
    private static bool _initialized;

    private readonly SafeMosquittoHandle _handle;
    private ExceptionDispatchInfo? _callbackException;

    /// <summary>Creates a client (<c>mosquitto_new</c>), initializing the library once per process.</summary>
    /// <param name="clientId">MQTT client id; null lets libmosquitto generate one (requires <paramref name="cleanSession"/>).</param>
    /// <param name="cleanSession">False keeps subscriptions and queued QoS 1/2 messages on the broker across connections.</param>
    /// <exception cref="MosquittoException">libmosquitto rejected the arguments or is out of memory.</exception>
    public MosquittoClient(string? clientId, bool cleanSession)
    {
        EnsureLibraryInitialized();
        GCHandle self = GCHandle.Alloc(this, GCHandleType.Weak);
        nint mosq = LibMosquitto.New(clientId, cleanSession, GCHandle.ToIntPtr(self));
        if (mosq == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            self.Free();
            throw new MosquittoException(
                $"MQTT client '{clientId}': mosquitto_new failed: {Marshal.GetPInvokeErrorMessage(errno)}",
                errno == 22 ? MosquittoError.InvalidArguments : MosquittoError.NoMemory,
                errno);
        }

        _handle = new SafeMosquittoHandle(mosq, self);
        ClientId = clientId;
        LibMosquitto.ConnectCallbackSet(mosq, &OnConnect);
        LibMosquitto.DisconnectCallbackSet(mosq, &OnDisconnect);
        LibMosquitto.PublishCallbackSet(mosq, &OnPublish);
        LibMosquitto.SubscribeCallbackSet(mosq, &OnSubscribe);
        LibMosquitto.MessageCallbackSet(mosq, &OnMessage);
    }

    /// <summary>CONNACK received; raised from <see cref="Loop"/>.</summary>
    public event EventHandler<MosquittoConnectResult>? Connected;

    /// <summary>The connection ended (requested or lost); raised from <see cref="Loop"/> or <see cref="Disconnect"/>.</summary>
    public event EventHandler<MosquittoDisconnectResult>? Disconnected;

    /// <summary>A publish completed: for QoS 1 the PUBACK arrived (QoS 0: the packet was sent). The argument is the message id.</summary>
    public event EventHandler<int>? Published;

    /// <summary>SUBACK received.</summary>
    public event EventHandler<MosquittoSubscribeResult>? Subscribed;

    /// <summary>A message arrived on a subscription.</summary>
    public event EventHandler<MosquittoMessage>? MessageReceived;

    /// <summary>The client id given to the constructor.</summary>
    public string? ClientId { get; }

    /// <summary>Broker host of the last <see cref="Connect"/>/<see cref="ConnectAsync"/>, or null.</summary>
    public string? Host { get; private set; }

    /// <summary>Broker port of the last connect call, or 0.</summary>
    public int Port { get; private set; }

    /// <summary>The libmosquitto version, for example (2, 0, 11).</summary>
    public static (int Major, int Minor, int Revision) LibraryVersion
    {
        get
        {
            LibMosquitto.LibVersion(out int major, out int minor, out int revision);
            return (major, minor, revision);
        }
    }

    /// <summary>The socket descriptor (<c>mosquitto_socket</c>), -1 when not connected; for poll-based owners.</summary>
    public int Socket => LibMosquitto.Socket(_handle);

    /// <summary><c>mosquitto_strerror</c> for a result code.</summary>
    public static string ErrorMessage(MosquittoError error) => LibMosquitto.Text(LibMosquitto.StrError((int)error), (int)error);

    /// <summary>Sets the username and password sent in CONNECT (<c>mosquitto_username_pw_set</c>). Neither is stored.</summary>
    public void SetCredentials(string username, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        Check(LibMosquitto.UsernamePasswordSet(_handle, username, password), "set credentials", 0, withEndpoint: false);
    }

    /// <summary>Sets the last will the broker publishes if this client disappears without DISCONNECT (<c>mosquitto_will_set</c>).
    /// Must be called before connecting.</summary>
    public void SetWill(string topic, ReadOnlySpan<byte> payload, int qos, bool retain)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        CheckQos(qos);
        fixed (byte* p = payload)
        {
            Check(LibMosquitto.WillSet(_handle, topic, payload.Length, p, qos, retain), $"set will on '{topic}'", 0, withEndpoint: false);
        }
    }

    /// <summary>Enables TLS with certificate verification against <paramref name="caFile"/> (<c>mosquitto_tls_set</c>)
    /// and keeps host-name verification on (<c>mosquitto_tls_insecure_set(false)</c>).</summary>
    /// <exception cref="MosquittoException">The CA file cannot be read; the message names it.</exception>
    public void EnableTls(string caFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(caFile);
        Check(LibMosquitto.TlsSet(_handle, caFile, null, null, null, 0), $"use TLS CA file '{caFile}'", 0, withEndpoint: false);
        Check(LibMosquitto.TlsInsecureSet(_handle, false), "enable TLS host name verification", 0, withEndpoint: false);
    }

    /// <summary>Sets the reconnect back-off (<c>mosquitto_reconnect_delay_set</c>). libmosquitto applies it only in its own
    /// loops (<c>loop_forever</c>/<c>loop_start</c>), which this binding does not use; an owner that reconnects via
    /// <see cref="Reconnect"/> paces itself.</summary>
    public void SetReconnectDelay(TimeSpan delay, TimeSpan maxDelay, bool exponentialBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, delay);
        Check(
            LibMosquitto.ReconnectDelaySet(_handle, (uint)delay.TotalSeconds, (uint)maxDelay.TotalSeconds, exponentialBackoff),
            "set reconnect delay",
            0,
            withEndpoint: false);
    }

    /// <summary>Connects (blocking TCP connect, <c>mosquitto_connect</c>) and sends CONNECT; CONNACK arrives later in
    /// <see cref="Loop"/> as <see cref="Connected"/>.</summary>
    /// <exception cref="MosquittoException">The host cannot be resolved or reached; the message names host:port.</exception>
    public void Connect(string host, int port, int keepAliveSeconds)
    {
        SetEndpoint(host, port, keepAliveSeconds);
        int rc = LibMosquitto.Connect(_handle, host, port, keepAliveSeconds);
        Check(rc, "connect", Marshal.GetLastPInvokeError(), withEndpoint: true);
    }

    /// <summary>Like <see cref="Connect"/> but the TCP connect may complete in later <see cref="Loop"/> calls
    /// (<c>mosquitto_connect_async</c>).</summary>
    public void ConnectAsync(string host, int port, int keepAliveSeconds)
    {
        SetEndpoint(host, port, keepAliveSeconds);
        int rc = LibMosquitto.ConnectAsync(_handle, host, port, keepAliveSeconds);
        Check(rc, "connect", Marshal.GetLastPInvokeError(), withEndpoint: true);
    }

    /// <summary>Reconnects to the same broker with the same settings (<c>mosquitto_reconnect</c>).</summary>
    /// <exception cref="MosquittoException">The broker is still unreachable; the message names host:port.</exception>
    public void Reconnect()
    {
        int rc = LibMosquitto.Reconnect(_handle);
        Check(rc, "reconnect", Marshal.GetLastPInvokeError(), withEndpoint: true);
    }

    /// <summary>Sends DISCONNECT (<c>mosquitto_disconnect</c>); the will is then not published. Does nothing when not connected.</summary>
    public void Disconnect()
    {
        int rc = LibMosquitto.Disconnect(_handle);
        int errno = Marshal.GetLastPInvokeError();
        ThrowCallbackException();
        if (rc != (int)MosquittoError.NoConnection)
        {
            Check(rc, "disconnect", errno, withEndpoint: true);
        }
    }

    /// <summary>Queues a PUBLISH (<c>mosquitto_publish</c>).</summary>
    /// <returns>The message id; <see cref="Published"/> reports it when the broker acknowledged (QoS 1).</returns>
    /// <exception cref="MosquittoException">Not connected, payload too large or invalid topic; the message names the topic.</exception>
    public int Publish(string topic, ReadOnlySpan<byte> payload, int qos, bool retain)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        CheckQos(qos);
        int rc;
        int mid;
        fixed (byte* p = payload)
        {
            rc = LibMosquitto.Publish(_handle, out mid, topic, payload.Length, p, qos, retain);
        }

        Check(rc, $"publish to '{topic}'", Marshal.GetLastPInvokeError(), withEndpoint: true);
        return mid;
    }

    /// <summary>Subscribes to a topic filter (<c>mosquitto_subscribe</c>); SUBACK arrives as <see cref="Subscribed"/>.</summary>
    /// <returns>The message id of the SUBSCRIBE packet.</returns>
    public int Subscribe(string topicFilter, int qos)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        CheckQos(qos);
        int rc = LibMosquitto.Subscribe(_handle, out int mid, topicFilter, qos);
        Check(rc, $"subscribe to '{topicFilter}'", Marshal.GetLastPInvokeError(), withEndpoint: true);
        return mid;
    }

    /// <summary>Unsubscribes from a topic filter (<c>mosquitto_unsubscribe</c>).</summary>
    /// <returns>The message id of the UNSUBSCRIBE packet.</returns>
    public int Unsubscribe(string topicFilter)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        int rc = LibMosquitto.Unsubscribe(_handle, out int mid, topicFilter);
        Check(rc, $"unsubscribe from '{topicFilter}'", Marshal.GetLastPInvokeError(), withEndpoint: true);
        return mid;
    }

    /// <summary>
    /// Runs one iteration of the network loop (<c>mosquitto_loop</c>): waits up to <paramref name="timeoutMs"/> for
    /// socket activity, reads and writes packets, handles keep-alive and raises events on the calling thread.
    /// </summary>
    /// <returns><see cref="MosquittoError.Success"/>, or why the connection is down
    /// (<see cref="MosquittoError.NoConnection"/>, <see cref="MosquittoError.ConnectionLost"/>, <see cref="MosquittoError.Errno"/>, ...):
    /// the owner decides when to <see cref="Reconnect"/>.</returns>
    /// <exception cref="Exception">Whatever an event handler threw during this call.</exception>
    public MosquittoError Loop(int timeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeoutMs);
        int rc = LibMosquitto.Loop(_handle, timeoutMs, 1);
        ThrowCallbackException();
        return (MosquittoError)rc;
    }

    /// <summary>Destroys the client (<c>mosquitto_destroy</c>): the socket is closed WITHOUT a DISCONNECT packet, so the
    /// broker publishes the will. Call <see cref="Disconnect"/> first for a clean shutdown.</summary>
    public void Dispose() => _handle.Dispose();

    private static void EnsureLibraryInitialized()
    {
        lock (InitLock)
        {
            if (!_initialized)
            {
                int rc = LibMosquitto.LibInit();
                if (rc != 0)
                {
                    throw new MosquittoException($"mosquitto_lib_init failed: {ErrorMessage((MosquittoError)rc)}", (MosquittoError)rc, 0);
                }

                _initialized = true;
            }
        }
    }

    private static void CheckQos(int qos)
    {
        if (qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "MQTT QoS must be 0, 1 or 2.");
        }
    }

    private void SetEndpoint(string host, int port, int keepAliveSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepAliveSeconds, 5);
        Host = host;
        Port = port;
    }

    private void Check(int rc, string operation, int errno, bool withEndpoint)
    {
        if (rc == 0)
        {
            return;
        }

        var error = (MosquittoError)rc;
        string reason = error == MosquittoError.Errno && errno != 0
            ? $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})"
            : $"{ErrorMessage(error)} (MOSQ_ERR {rc})";
        string where = withEndpoint && Host is not null ? $" {Host}:{Port}" : string.Empty;
        throw new MosquittoException($"MQTT{where}: {operation} failed: {reason}", error, errno);
    }

    private void ThrowCallbackException()
    {
        ExceptionDispatchInfo? pending = _callbackException;
        if (pending is not null)
        {
            _callbackException = null;
            pending.Throw();
        }
    }

    private static MosquittoClient? FromUserData(nint userData) =>
        userData == 0 ? null : GCHandle.FromIntPtr(userData).Target as MosquittoClient;

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception ex)
        {
            _callbackException ??= ExceptionDispatchInfo.Capture(ex);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnConnect(nint mosq, nint userData, int rc)
    {
        MosquittoClient? client = FromUserData(userData);
        client?.Raise(client.Connected, new MosquittoConnectResult(rc, LibMosquitto.Text(LibMosquitto.ConnackString(rc), rc)));
    }

    [UnmanagedCallersOnly]
    private static void OnDisconnect(nint mosq, nint userData, int rc)
    {
        MosquittoClient? client = FromUserData(userData);
        client?.Raise(client.Disconnected, new MosquittoDisconnectResult(rc, LibMosquitto.Text(LibMosquitto.StrError(rc), rc)));
    }

    [UnmanagedCallersOnly]
    private static void OnPublish(nint mosq, nint userData, int mid)
    {
        MosquittoClient? client = FromUserData(userData);
        client?.Raise(client.Published, mid);
    }

    [UnmanagedCallersOnly]
    private static void OnSubscribe(nint mosq, nint userData, int mid, int qosCount, int* grantedQos)
    {
        MosquittoClient? client = FromUserData(userData);
        if (client is null)
        {
            return;
        }

        int[] granted = qosCount > 0 && grantedQos is not null ? new ReadOnlySpan<int>(grantedQos, qosCount).ToArray() : [];
        client.Raise(client.Subscribed, new MosquittoSubscribeResult(mid, granted));
    }

    [UnmanagedCallersOnly]
    private static void OnMessage(nint mosq, nint userData, LibMosquitto.MosquittoMessageNative* message)
    {
        MosquittoClient? client = FromUserData(userData);
        if (client is null || message is null)
        {
            return;
        }

        string topic = Marshal.PtrToStringUTF8((nint)message->Topic) ?? string.Empty;
        byte[] payload = message->PayloadLength > 0 && message->Payload is not null
            ? new ReadOnlySpan<byte>(message->Payload, message->PayloadLength).ToArray()
            : [];
        client.Raise(client.MessageReceived, new MosquittoMessage(topic, payload, message->Qos, message->Retain != 0, message->Mid));
    }
}
