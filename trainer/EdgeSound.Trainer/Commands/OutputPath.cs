using EdgeSound.Daemon.Configuration;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// Checks, before a command starts its work, that the file or folder it will write can be written (by trying it, see
/// <see cref="PathAccess"/>): a bad <c>--out</c> is named at once, not after minutes or hours of training or mixing.
/// Missing folders are fine, the commands create them.
/// </summary>
internal static class OutputPath
{
    /// <summary>Checks a file to write; null (an option not given) passes.</summary>
    /// <exception cref="ArgumentException">it cannot be written; the option, path and reason named.</exception>
    public static void CheckFile(string option, string? path) => Check(option, path, PathUse.WriteFile);

    /// <summary>Checks a folder to write files in.</summary>
    /// <exception cref="ArgumentException">it cannot be written; the option, path and reason named.</exception>
    public static void CheckDirectory(string option, string path) => Check(option, path, PathUse.WriteDirectory);

    private static void Check(string option, string? path, PathUse use)
    {
        if (path is { Length: 0 })
        {
            throw new ArgumentException($"{option} needs a path, got an empty string");
        }

        if (path is not null && PathAccess.Problem(path, use) is { } problem)
        {
            throw new ArgumentException($"{option} {path}: cannot write there: {problem}");
        }
    }
}
