namespace EdgeSound.Daemon.Configuration;

/// <summary>A configuration file, key or value is wrong; the message names which and why.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
