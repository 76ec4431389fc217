namespace EdgeSound.Daemon.Configuration;

/// <summary>One flat key and its text; a null <paramref name="Value"/> marks a whole list given here, replacing any earlier one.</summary>
public sealed record ConfigAssignment(string Path, string? Value);

/// <summary>The checked keys of one source (the config file, a command-line option, <c>--set</c>) and the faults found in it, one line each.</summary>
public sealed record ConfigLayer(string Source, IReadOnlyList<ConfigAssignment> Assignments, IReadOnlyList<string> Errors);
