using EdgeSound.Dsp.Files;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Checks at start that a path the daemon will read or write can be used, by trying it: a file to write is opened for
/// appending when it exists, otherwise a probe file is created (and removed) in its nearest existing directory, as
/// the daemon creates missing directories itself. Nothing already there is changed. A FIFO to write is not tried:
/// opening it would wait for a reader, and closing it again would end the stream of the reader it has.
/// </summary>
public static class PathAccess
{
    /// <summary>Why <paramref name="path"/> cannot be used as <paramref name="use"/> says, or null when it can.</summary>
    public static string? Problem(string path, PathUse use)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return e.Message;
        }

        return use switch
        {
            PathUse.ReadFile => CannotRead(full),
            PathUse.WriteFile => Directory.Exists(full) ? "it is a directory" : CannotWriteFile(full),
            PathUse.WriteDirectory => File.Exists(full) ? "it is a file, not a directory" : CannotWriteIn(full),
            _ => null,
        };
    }

    private static string? CannotRead(string file)
    {
        if (!File.Exists(file))
        {
            return Directory.Exists(file) ? "it is a directory" : "file not found";
        }

        return Try(() => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite).Dispose());
    }

    private static string? CannotWriteFile(string file) =>
        !File.Exists(file) ? CannotWriteIn(Path.GetDirectoryName(file) ?? file)
        : FileKind.IsFifo(file) ? null
        : Try(() => new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite).Dispose());

    private static string? CannotWriteIn(string directory)
    {
        var existing = directory;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"{existing} is a file, not a directory";
            }

            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        var probe = Path.Combine(existing, $".edgesound-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose).Dispose();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot create files in {existing}: {Reason(e, probe)}";
        }
    }

    /// <summary>
    /// Why the probe file could not be created, without its path: .NET words a system error as <c>REASON : 'PATH'</c>
    /// (for example <c>Read-only file system : '/mnt/ro/.edgesound-probe-…'</c>), but names permission and missing
    /// files with sentences around the path.
    /// </summary>
    private static string Reason(Exception e, string probe) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "the file system takes no new files there",
        _ => e.Message.Replace($" : '{probe}'", "", StringComparison.Ordinal).Replace(probe, "the probe file", StringComparison.Ordinal),
    };

    private static string? Try(Action open)
    {
        try
        {
            open();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
