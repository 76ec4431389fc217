using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeSound.Dsp.Files;

/// <summary>
/// Opens a FIFO (named pipe) for writing without waiting for a reader. A plain open waits until a process opens the
/// FIFO for reading, for ever if none does; <c>open(2)</c> with <c>O_NONBLOCK</c> fails at once with <c>ENXIO</c>
/// instead. The descriptor is then made blocking again, so writes wait for a slow reader as any pipe writer's do.
/// </summary>
public static partial class NamedPipe
{
    private const int WriteOnly = 0x1;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;
    private const int NoReader = 6;

    /// <summary>The FIFO at <paramref name="path"/>, open for writing, unbuffered.</summary>
    /// <exception cref="IOException">No process has it open for reading ("... is a FIFO that no process reads"), or it cannot be opened.</exception>
    public static FileStream OpenForWriting(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }

        var descriptor = Open(path, WriteOnly | NonBlocking | CloseOnExec);
        if (descriptor < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException(error == NoReader
                ? $"{path} is a FIFO that no process reads (start its reader first)"
                : $"{path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        var flags = Fcntl(descriptor, GetStatusFlags, 0);
        if (flags < 0 || Fcntl(descriptor, SetStatusFlags, flags & ~NonBlocking) < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);
}
