using System.Diagnostics;

namespace EdgeSound.Tests.Shared;

/// <summary>Named pipes for tests of paths that are not regular files: made in the test's own folder, never a real device.</summary>
internal static class Fifo
{
    /// <summary>Makes a FIFO at <paramref name="path"/> with <c>mkfifo</c>.</summary>
    /// <exception cref="InvalidOperationException">mkfifo failed.</exception>
    public static string Make(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} exited {mkfifo.ExitCode}");
        }

        return path;
    }
}
