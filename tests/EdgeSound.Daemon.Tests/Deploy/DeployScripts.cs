using System.Diagnostics;
using EdgeSound.Tests.Shared;

namespace EdgeSound.Daemon.Tests.Deploy;

/// <summary>Runs the deploy/ shell scripts and system tools the deploy tests check (bash, stat, systemd-analyze, shellcheck).</summary>
internal static class DeployScripts
{
    /// <summary>The repository root: the folder holding EdgeSound.sln above the test binary.</summary>
    public static string RepoRoot() => RepoPaths.Root();

    /// <summary>Runs a program to its end (at most <paramref name="timeoutSeconds"/>) and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">The program ran longer than the timeout (it is killed).</exception>
    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, int timeoutSeconds = 60, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot(),
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran longer than {timeoutSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Owner and group ids of a path, as <c>stat</c> prints them ("uid:gid"), not following a symlink.</summary>
    public static string Owner(string path)
    {
        var (code, stdout, stderr) = Run("stat", ["-c", "%u:%g", path]);
        return code == 0 ? stdout.Trim() : throw new IOException($"stat {path}: {stderr}");
    }
}
