namespace EdgeSound.Dsp.Files;

/// <summary>
/// The canonical path of a file or folder, as POSIX <c>realpath</c> gives it: absolute, with every symbolic link in
/// it resolved, so two paths that reach one file through different links are the same string. .NET resolves only a
/// path's last link (<see cref="FileSystemInfo.ResolveLinkTarget"/>), not links among its folders. Parts that do not
/// exist are kept as written.
/// </summary>
public static class RealPath
{
    /// <summary>Symbolic links followed in one path before it is refused as a loop (Linux's own limit).</summary>
    public const int MaxLinks = 40;

    /// <exception cref="IOException">more than <see cref="MaxLinks"/> links on the way (a link loop), naming the path.</exception>
    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        string resolved = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Parts(full).Reverse());
        int links = 0;
        while (pending.TryPop(out string? part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }

            string next = Path.Join(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"{path}: more than {MaxLinks} symbolic links on the way (a link loop)");
            }

            // A relative target is relative to the folder holding the link.
            if (Path.IsPathRooted(target))
            {
                resolved = Path.GetPathRoot(target)!;
            }

            foreach (string targetPart in Parts(target).Reverse())
            {
                pending.Push(targetPart);
            }
        }

        return resolved;
    }

    private static IEnumerable<string> Parts(string path) =>
        path[Path.GetPathRoot(path)!.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
