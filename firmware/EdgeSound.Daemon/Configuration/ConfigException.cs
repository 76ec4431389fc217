namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// The configuration is wrong. <see cref="Errors"/> holds one line per fault, each naming where it is (file and
/// line, or the command-line option), the full key path and the value found.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message, Exception? inner = null)
        : base(message, inner)
    {
        Errors = [message];
    }

    public ConfigException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
