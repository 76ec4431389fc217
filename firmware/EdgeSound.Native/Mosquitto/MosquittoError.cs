namespace EdgeSound.Native.Mosquitto;

/// <summary>libmosquitto result codes (<c>enum mosq_err_t</c>, libmosquitto 2.0).</summary>
public enum MosquittoError
{
    /// <summary>MOSQ_ERR_AUTH_CONTINUE.</summary>
    AuthContinue = -4,

    /// <summary>MOSQ_ERR_NO_SUBSCRIBERS.</summary>
    NoSubscribers = -3,

    /// <summary>MOSQ_ERR_SUB_EXISTS.</summary>
    SubscriptionExists = -2,

    /// <summary>MOSQ_ERR_CONN_PENDING.</summary>
    ConnectionPending = -1,

    /// <summary>MOSQ_ERR_SUCCESS.</summary>
    Success = 0,

    /// <summary>MOSQ_ERR_NOMEM.</summary>
    NoMemory = 1,

    /// <summary>MOSQ_ERR_PROTOCOL.</summary>
    Protocol = 2,

    /// <summary>MOSQ_ERR_INVAL.</summary>
    InvalidArguments = 3,

    /// <summary>MOSQ_ERR_NO_CONN: the client is not connected.</summary>
    NoConnection = 4,

    /// <summary>MOSQ_ERR_CONN_REFUSED.</summary>
    ConnectionRefused = 5,

    /// <summary>MOSQ_ERR_NOT_FOUND.</summary>
    NotFound = 6,

    /// <summary>MOSQ_ERR_CONN_LOST: the connection to the broker was lost.</summary>
    ConnectionLost = 7,

    /// <summary>MOSQ_ERR_TLS.</summary>
    Tls = 8,

    /// <summary>MOSQ_ERR_PAYLOAD_SIZE.</summary>
    PayloadSize = 9,

    /// <summary>MOSQ_ERR_NOT_SUPPORTED.</summary>
    NotSupported = 10,

    /// <summary>MOSQ_ERR_AUTH.</summary>
    Authentication = 11,

    /// <summary>MOSQ_ERR_ACL_DENIED.</summary>
    AclDenied = 12,

    /// <summary>MOSQ_ERR_UNKNOWN.</summary>
    Unknown = 13,

    /// <summary>MOSQ_ERR_ERRNO: a system call failed; see <see cref="MosquittoException.Errno"/>.</summary>
    Errno = 14,

    /// <summary>MOSQ_ERR_EAI: host name lookup failed.</summary>
    AddressLookup = 15,

    /// <summary>MOSQ_ERR_PROXY.</summary>
    Proxy = 16,

    /// <summary>MOSQ_ERR_PLUGIN_DEFER.</summary>
    PluginDefer = 17,

    /// <summary>MOSQ_ERR_MALFORMED_UTF8.</summary>
    MalformedUtf8 = 18,

    /// <summary>MOSQ_ERR_KEEPALIVE.</summary>
    KeepAlive = 19,

    /// <summary>MOSQ_ERR_LOOKUP.</summary>
    Lookup = 20,

    /// <summary>MOSQ_ERR_MALFORMED_PACKET.</summary>
    MalformedPacket = 21,

    /// <summary>MOSQ_ERR_DUPLICATE_PROPERTY.</summary>
    DuplicateProperty = 22,

    /// <summary>MOSQ_ERR_TLS_HANDSHAKE.</summary>
    TlsHandshake = 23,

    /// <summary>MOSQ_ERR_QOS_NOT_SUPPORTED.</summary>
    QosNotSupported = 24,

    /// <summary>MOSQ_ERR_OVERSIZE_PACKET.</summary>
    OversizePacket = 25,

    /// <summary>MOSQ_ERR_OCSP.</summary>
    Ocsp = 26,

    /// <summary>MOSQ_ERR_TIMEOUT.</summary>
    Timeout = 27,

    /// <summary>MOSQ_ERR_RETAIN_NOT_SUPPORTED.</summary>
    RetainNotSupported = 28,

    /// <summary>MOSQ_ERR_TOPIC_ALIAS_INVALID.</summary>
    TopicAliasInvalid = 29,

    /// <summary>MOSQ_ERR_ADMINISTRATIVE_ACTION.</summary>
    AdministrativeAction = 30,

    /// <summary>MOSQ_ERR_ALREADY_EXISTS.</summary>
    AlreadyExists = 31,
}
