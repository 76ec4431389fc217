using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>The daemon as a real child process (<c>dotnet EdgeSound.Daemon.dll ...</c>), with its output captured.</summary>
internal sealed partial class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DaemonProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public StreamWriter StandardInput => _process.StandardInput;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr => string.Join('\n', _stderr);

    public static string DaemonDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "EdgeSound.Daemon.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("EdgeSound.Daemon.dll is not beside the tests", dll);
        }
    }

    public static DaemonProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, bool stdin = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(DaemonDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("NOTIFY_SOCKET");
        start.Environment.Remove("JOURNAL_STREAM");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var d = new DaemonProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (d._stdout)
                {
                    d._stdout.Append(e.Data).Append('\n');
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                d._stderr.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return d;
    }

    /// <summary>
    /// Runs the daemon through <c>sh -c 'exec dotnet ... REDIRECT'</c> (for descriptors a .NET child cannot be given:
    /// <c>&gt; /dev/full</c>, <c>&lt;&amp;-</c>) to completion within <paramref name="timeout"/>; returns exit code and stderr.
    /// </summary>
    public static async Task<(int Code, string Stderr)> RunWithRedirect(string redirect, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", $"exec dotnet \"$@\" {redirect}", "sh", DaemonDll, .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(timeout);
        var stderr = await process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, stderr);
    }

    /// <summary>Runs to completion (bounded) and returns the exit code.</summary>
    public static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        using var d = Start(args, env);
        if (!d.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            d.Kill();
            throw new TimeoutException($"daemon did not exit within {timeoutSeconds} s. stderr:\n{d.Stderr}");
        }

        return (d.ExitCode, d.Stdout, d.Stderr);
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>Waits until stderr contains <paramref name="text"/>.</summary>
    public bool WaitForLog(string text, TimeSpan timeout) =>
        SpinWait.SpinUntil(() => Stderr.Contains(text, StringComparison.Ordinal) || _process.HasExited, timeout) && Stderr.Contains(text, StringComparison.Ordinal);

    public void Terminate() => _ = kill(_process.Id, 15);

    public void Hangup() => _ = kill(_process.Id, 1);

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
