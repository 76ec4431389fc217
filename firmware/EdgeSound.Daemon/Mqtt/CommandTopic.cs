namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// A topic the link subscribes to (QoS 1) and the handler its payloads go to. The handler runs on the MQTT client's
/// receive task and must return quickly; an exception it throws is logged by the link and goes no further.
/// </summary>
public sealed record CommandTopic(string Topic, Action<byte[]> Handler);
