using System.Runtime.InteropServices;

namespace EdgeSound.Dsp.Files;

/// <summary>
/// What a path names once its symbolic links are followed: a regular file, a directory, a device, a FIFO or a socket.
/// .NET tells only files from directories, so this asks the kernel (<c>statx</c>, whose record has one layout on every
/// architecture) for the file type; the kernel also follows the links of <c>/proc/self/fd</c> (<c>/dev/stdout</c>) to
/// the pipe or terminal behind them, which a path-by-path resolution cannot.
/// </summary>
public static partial class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;

    /// <summary>
    /// Why <paramref name="path"/> is not a regular file a writer may replace, as "is a FIFO, not a regular file";
    /// null when it is a regular file, does not exist (a dangling link included) or cannot be examined.
    /// </summary>
    public static string? NotRegular(string path) => Name(path) is { } kind ? $"is a {kind}, not a regular file" : null;

    /// <summary>Whether <paramref name="path"/> (its links followed) is a FIFO, or a pipe behind <c>/proc/self/fd</c>.</summary>
    public static bool IsFifo(string path) => Name(path) == "FIFO";

    /// <summary>The file type of <paramref name="path"/> in words ("character device"), or null for a regular or missing file.</summary>
    private static unsafe string? Name(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) ? "directory" : null;
        }

        byte* record = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxType, record) != 0)
        {
            return null;
        }

        return (*(ushort*)(record + ModeOffset) & 0xF000) switch
        {
            0x8000 => null,
            0x4000 => "directory",
            0x2000 => "character device",
            0x6000 => "block device",
            0x1000 => "FIFO",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* record);
}
