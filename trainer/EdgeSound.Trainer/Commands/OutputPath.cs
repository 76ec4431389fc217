using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// Checks, before a command starts its work, that the file or folder it will write can be written (by trying it, see
/// <see cref="PathAccess"/>): a bad <c>--out</c> is named at once, not after minutes or hours of training or mixing.
/// Missing folders are fine, the commands create them. A symbolic link is checked at its final target (the writers
/// replace that, see <see cref="AtomicFile"/>); a file path that is a device, FIFO, socket or directory is refused.
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

        if (path is not null && use == PathUse.WriteFile && NotRegular(path) is { } kind)
        {
            throw new ArgumentException($"{option} {path}: cannot write there: {kind}");
        }

        if (path is not null && PathAccess.Problem(path, use) is { } problem)
        {
            throw new ArgumentException($"{option} {path}: cannot write there: {problem}");
        }
    }

    /// <summary>Why the final target of <paramref name="path"/> is not a regular file to replace ("it is a FIFO, not a regular
    /// file"), or null; a directory is left to <see cref="PathAccess"/>, which names it.</summary>
    private static string? NotRegular(string path) =>
        !Directory.Exists(path) && FileKind.NotRegular(path) is { } kind ? "it " + kind : null;
}
