namespace EdgeSound.Trainer.Commands;

/// <summary>
/// The text of an exception as a verb's one error line shows it. .NET appends <c> (Parameter 'name')</c> to the
/// message of an <see cref="ArgumentException"/> that names a parameter (and <c>Actual value was V.</c> on a new line
/// to an <see cref="ArgumentOutOfRangeException"/> that carries its value): names from the code, not from the command
/// line. Both are taken out for the exception and every exception it wraps, since a wrapping message often quotes the
/// inner one.
/// </summary>
internal static class ErrorLine
{
    /// <summary><paramref name="e"/>'s message without the parameter-name suffixes of the argument exceptions in its chain.</summary>
    public static string Message(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = e.Message;
        for (Exception? link = e; link is not null; link = link.InnerException)
        {
            if (link is ArgumentOutOfRangeException { ActualValue: { } value })
            {
                message = message.Replace($"{Environment.NewLine}Actual value was {value}.", "", StringComparison.Ordinal);
            }

            if (link is ArgumentException { ParamName: { } name })
            {
                message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
            }
        }

        return message;
    }
}
