using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Data;

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

    /// <summary>
    /// Refuses writing <paramref name="path"/> when it is the same file, through any relative path or symbolic link
    /// (<see cref="RealPath"/>), as one of <paramref name="others"/>: an input the run reads (a report over the history
    /// database it reads, a table over its manifest) or another output (a model card over its model). The run would
    /// replace that file. A null or empty path, here or among the others, passes.
    /// </summary>
    /// <param name="option">The output's option, as the message names it (<c>--out</c>).</param>
    /// <param name="path">The output path.</param>
    /// <param name="others">The run's other paths, each with the option that gives it.</param>
    /// <exception cref="ArgumentException">naming the output's option and path and the other's option and path.</exception>
    public static void CheckDistinct(string option, string? path, params IEnumerable<(string Option, string? Path)> others)
    {
        if (path is not { Length: > 0 })
        {
            return;
        }

        string real = RealPath.Of(path);
        foreach ((string otherOption, string? otherPath) in others)
        {
            if (otherPath is { Length: > 0 } && RealPath.Of(otherPath) == real)
            {
                throw new ArgumentException($"{option} {path}: is the same file as {otherOption} {otherPath}, which writing it would replace");
            }
        }
    }

    /// <summary>The comma-separated paths of a list option (<c>--teacher A.onnx,B.onnx</c>), each with that option; none when null.</summary>
    public static IEnumerable<(string Option, string? Path)> Each(string option, string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => (option, (string?)p));

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
