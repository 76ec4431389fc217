using EdgeSound.Daemon.Configuration;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// Checks, before a command reads anything, that a file it is given to read exists and can be read (see
/// <see cref="PathAccess"/>): a missing or unreadable input is named in one line with its option, not as the runtime's
/// own message, and not after another input has been blamed for it.
/// </summary>
internal static class InputPath
{
    /// <summary>Checks a file to read.</summary>
    /// <exception cref="ArgumentException">it is missing, a directory or unreadable; the option, path and reason named.</exception>
    public static void CheckFile(string option, string path)
    {
        if (PathAccess.Problem(path, PathUse.ReadFile) is { } problem)
        {
            throw new ArgumentException($"{option} {path}: {problem}");
        }
    }
}
