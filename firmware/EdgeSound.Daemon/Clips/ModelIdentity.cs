namespace EdgeSound.Daemon.Clips;

/// <summary>Which model heard a clip: the SHA-256 (lower-case hex) of the model file and its labels in output order.</summary>
public sealed record ModelIdentity(string Sha256, IReadOnlyList<string> Labels);
