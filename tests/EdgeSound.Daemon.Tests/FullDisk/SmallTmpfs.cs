using System.Diagnostics;

namespace EdgeSound.Daemon.Tests.FullDisk;

/// <summary>
/// A real file system small enough to fill: a tmpfs of a given size mounted on a fresh temporary directory (needs
/// root, or sudo without a password; the failure says so), lazily unmounted and removed on dispose.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string root)
    {
        Root = root;
    }

    public string Root { get; }

    private string Filler => Path.Combine(Root, "filler");

    /// <summary>Mounts <paramref name="kibibytes"/> KiB, with at most <paramref name="inodes"/> files and folders when given.</summary>
    public static SmallTmpfs Mount(int kibibytes, int? inodes = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "es-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        string[] mount = ["mount", "-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0777{(inodes is { } i ? $",nr_inodes={i}" : "")}", "tmpfs", root];
        var error = Run(mount);
        if (error is not null && Environment.UserName != "root")
        {
            error = Run(["sudo", "-n", .. mount]);
        }

        if (error is not null)
        {
            Directory.Delete(root);
            throw new InvalidOperationException($"Cannot mount a {kibibytes} KiB tmpfs on {root} for the full-disk tests (they need root or sudo without a password): {error}");
        }

        return new SmallTmpfs(root);
    }

    /// <summary>Writes a filler file until the file system refuses with ENOSPC; returns the bytes written.</summary>
    public long Fill()
    {
        using var stream = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            return stream.Length;
        }
    }

    /// <summary>Deletes the filler: space returns.</summary>
    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        Run(["umount", "-l", Root]);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Still busy after a lazy unmount: an empty directory left in the temp folder.
        }
    }

    /// <summary>Runs a command; null when it succeeded, else its error output.</summary>
    private static string? Run(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in command[1..])
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(start)!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{string.Join(' ', command)}: exit {p.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{command[0]}: {e.Message}";
        }
    }
}
