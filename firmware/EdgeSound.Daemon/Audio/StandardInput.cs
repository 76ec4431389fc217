namespace EdgeSound.Daemon.Audio;

/// <summary>The process's descriptor 0, which <c>--input -</c> reads raw PCM from.</summary>
public static class StandardInput
{
    /// <summary>
    /// Whether the daemon was started without a descriptor 0 (a shell's <c>&lt;&amp;-</c>). Linux only: then either there
    /// is no <c>/proc/self/fd/0</c>, or the runtime's own first pipe took number 0, which shows as a pipe whose write end
    /// this process holds too (<c>/proc/self/fdinfo</c> flags; a real stdin pipe's writer is another process). A read of
    /// it would never return.
    /// </summary>
    public static bool IsClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var zero = new FileInfo("/proc/self/fd/0");
        if (zero.LinkTarget is not { } target)
        {
            return !zero.Exists;
        }

        return target.StartsWith("pipe:", StringComparison.Ordinal)
            && new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Any(fd => fd.LinkTarget == target && OpenForWriting(fd.Name));
    }

    /// <summary>Whether descriptor <paramref name="fd"/> of this process was opened for writing (O_WRONLY or O_RDWR in its fdinfo flags, octal).</summary>
    private static bool OpenForWriting(string fd)
    {
        try
        {
            var flags = File.ReadLines($"/proc/self/fdinfo/{fd}").FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
            return flags is not null && (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 3) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
