namespace EdgeSound.Native.Mosquitto;

/// <summary>CONNACK received (<c>on_connect</c>).</summary>
/// <param name="ResultCode">0 on success, otherwise the MQTT CONNACK refusal code.</param>
/// <param name="Description"><c>mosquitto_connack_string(ResultCode)</c>.</param>
public sealed record MosquittoConnectResult(int ResultCode, string Description)
{
    /// <summary>True when the broker accepted the connection.</summary>
    public bool Accepted => ResultCode == 0;
}

/// <summary>The connection ended (<c>on_disconnect</c>).</summary>
/// <param name="ResultCode">0 when the client called Disconnect; anything else is unexpected.</param>
/// <param name="Description"><c>mosquitto_strerror(ResultCode)</c>.</param>
public sealed record MosquittoDisconnectResult(int ResultCode, string Description)
{
    /// <summary>True when the disconnect was requested by this client.</summary>
    public bool Requested => ResultCode == 0;
}

/// <summary>A message delivered to a subscription (<c>on_message</c>); the payload is a copy.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Payload">Payload bytes.</param>
/// <param name="Qos">Delivery QoS.</param>
/// <param name="Retain">True when the broker delivered a retained message.</param>
/// <param name="MessageId">Packet identifier (0 for QoS 0).</param>
public sealed record MosquittoMessage(string Topic, byte[] Payload, int Qos, bool Retain, int MessageId);

/// <summary>SUBACK received (<c>on_subscribe</c>).</summary>
/// <param name="MessageId">The id <see cref="MosquittoClient.Subscribe"/> returned.</param>
/// <param name="GrantedQos">Granted QoS per topic filter (128 = refused).</param>
public sealed record MosquittoSubscribeResult(int MessageId, int[] GrantedQos);
