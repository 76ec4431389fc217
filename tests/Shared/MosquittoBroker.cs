using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSound.Tests.Shared;

/// <summary>Options for <see cref="MosquittoBroker"/>.</summary>
public sealed record MosquittoBrokerOptions
{
    /// <summary>Keep retained messages and persistent sessions across <see cref="MosquittoBroker.Restart"/>
    /// (the broker saves its database when stopped with SIGTERM).</summary>
    public bool Persistence { get; init; }

    /// <summary>When set (with <see cref="Password"/>), anonymous clients are refused and only this user may connect.</summary>
    public string? Username { get; init; }

    /// <summary>Password for <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>When set, the text of a mosquitto <c>acl_file</c> (for example <c>topic readwrite a/#</c>): topics it
    /// does not grant are refused (an MQTT 5 publisher gets a PUBACK with reason code NotAuthorized).</summary>
    public string? AclRules { get; init; }

    /// <summary>Log every packet the broker receives and sends (<c>log_type debug</c>), for example
    /// <c>Sending PUBACK to client (m12, rc0)</c>; see <see cref="MosquittoBroker.ReadLog"/>.</summary>
    public bool LogPackets { get; init; }

    /// <summary>When set, mosquitto's <c>max_qos</c>: an MQTT 5 client that asks for more (a publish or a will at a
    /// higher QoS) is refused with reason code QoSNotSupported.</summary>
    public int? MaxQos { get; init; }
}

/// <summary>
/// A real Eclipse Mosquitto broker (<c>/usr/sbin/mosquitto</c>) for tests, listening on a free port on 127.0.0.1
/// only, with a generated configuration in its own temporary directory. <see cref="Stop"/> and
/// <see cref="Restart"/> keep the port, so tests can take the broker away and bring it back; <see cref="Dispose"/>
/// kills it and deletes the directory.
/// </summary>
/// <remarks>
/// Running as root, mosquitto would drop to the <c>mosquitto</c> user and could not write the temp directory, so
/// the configuration says <c>user root</c> then; as any other user mosquitto keeps that user.
/// </remarks>
public sealed partial class MosquittoBroker : IDisposable
{
    /// <summary>The broker executable.</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    private const int SigTerm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _configPath;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private MosquittoBroker(string directory, int port, MosquittoBrokerOptions options)
    {
        Directory = directory;
        Port = port;
        Options = options;
        LogPath = Path.Combine(directory, "mosquitto.log");
        _configPath = Path.Combine(directory, "mosquitto.conf");
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the broker listens on (fixed for the broker's lifetime).</summary>
    public int Port { get; }

    /// <summary>The broker's temporary directory (configuration, log, persistence database).</summary>
    public string Directory { get; }

    /// <summary>The broker's log file.</summary>
    public string LogPath { get; }

    /// <summary>The options the broker was started with.</summary>
    public MosquittoBrokerOptions Options { get; }

    /// <summary><c>mqtt://127.0.0.1:port</c> (with <c>user@</c> when a username is configured).</summary>
    public string Uri => Options.Username is null ? $"mqtt://{Host}:{Port}" : $"mqtt://{Options.Username}@{Host}:{Port}";

    /// <summary>True while the broker process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>True when <see cref="Executable"/> exists on this machine.</summary>
    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Starts a broker on a free loopback port and waits until it accepts TCP connections.</summary>
    /// <exception cref="InvalidOperationException">mosquitto is missing or did not start; the message carries its log.</exception>
    public static MosquittoBroker Start(MosquittoBrokerOptions? options = null)
    {
        options ??= new MosquittoBrokerOptions();
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{Executable} is not installed (Debian package 'mosquitto').");
        }

        if ((options.Username is null) != (options.Password is null))
        {
            throw new ArgumentException("MosquittoBrokerOptions: set both Username and Password, or neither.", nameof(options));
        }

        const int attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            string directory = Path.Combine(Path.GetTempPath(), $"edgesound-mosquitto-{Guid.NewGuid():N}");
            System.IO.Directory.CreateDirectory(directory);
            var broker = new MosquittoBroker(directory, FreeLoopbackPort(), options);
            try
            {
                broker.WriteConfiguration();
                broker.Launch();
                return broker;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                // Another process may have taken the port between probing and binding: try a new one.
                broker.Dispose();
            }
            catch
            {
                broker.Dispose();
                throw;
            }
        }
    }

    /// <summary>Stops the broker gracefully (SIGTERM, so a persistent database is saved), killing it after 10 s.</summary>
    public void Stop()
    {
        Process? process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            _ = kill(process.Id, SigTerm);
            if (!process.WaitForExit(StopTimeout))
            {
                process.Kill();
                process.WaitForExit();
            }
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>Kills the broker with SIGKILL, as a crash or power loss would (nothing is saved, no socket is closed
    /// cleanly); the directory and port stay for <see cref="Restart"/>.</summary>
    public void Kill()
    {
        Process? process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>Starts the broker again on the same port (after <see cref="Stop"/>; stops it first if running).</summary>
    public void Restart()
    {
        Stop();
        Launch();
    }

    /// <summary>The broker's log so far (for assertion messages).</summary>
    public string ReadLog()
    {
        var text = new StringBuilder();
        if (File.Exists(LogPath))
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }

        foreach (string line in _output)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    /// <summary>Kills the broker and deletes its directory.</summary>
    public void Dispose()
    {
        Process? process = _process;
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
            _process = null;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void WriteConfiguration()
    {
        var config = new StringBuilder();
        config.AppendLine($"listener {Port} {Host}");
        if (Environment.UserName == "root")
        {
            config.AppendLine("user root");
        }

        if (Options.Username is not null)
        {
            string passwordFile = Path.Combine(Directory, "passwd");
            File.WriteAllText(passwordFile, string.Empty);
            RunPasswordTool(passwordFile, Options.Username, Options.Password!);
            config.AppendLine("allow_anonymous false");
            config.AppendLine($"password_file {passwordFile}");
        }
        else
        {
            config.AppendLine("allow_anonymous true");
        }

        if (Options.AclRules is not null)
        {
            string aclFile = Path.Combine(Directory, "acl");
            File.WriteAllText(aclFile, Options.AclRules);
            config.AppendLine($"acl_file {aclFile}");
        }

        if (Options.MaxQos is { } maxQos)
        {
            config.AppendLine($"max_qos {maxQos}");
        }

        config.AppendLine(Options.Persistence ? "persistence true" : "persistence false");
        config.AppendLine($"persistence_location {Directory}/");
        config.AppendLine($"log_dest file {LogPath}");
        config.AppendLine("log_type error");
        config.AppendLine("log_type warning");
        config.AppendLine("log_type notice");
        config.AppendLine("log_type information");
        if (Options.LogPackets)
        {
            config.AppendLine("log_type debug");
        }

        config.AppendLine("connection_messages true");
        File.WriteAllText(_configPath, config.ToString());
    }

    private static void RunPasswordTool(string passwordFile, string username, string password)
    {
        var start = new ProcessStartInfo("/usr/bin/mosquitto_passwd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-b");
        start.ArgumentList.Add(passwordFile);
        start.ArgumentList.Add(username);
        start.ArgumentList.Add(password);
        using Process tool = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_passwd did not start.");
        string error = tool.StandardError.ReadToEnd();
        tool.StandardOutput.ReadToEnd();
        tool.WaitForExit();
        if (tool.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed for user '{username}' (exit {tool.ExitCode}): {error}");
        }
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_configPath);
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"mosquitto exited with code {process.ExitCode} instead of listening on {Host}:{Port}. Log:{Environment.NewLine}{ReadLog()}");
            }

            if (AcceptsConnections())
            {
                return;
            }

            Thread.Sleep(25);
        }

        throw new InvalidOperationException($"mosquitto did not accept connections on {Host}:{Port} within {StartTimeout.TotalSeconds} s. Log:{Environment.NewLine}{ReadLog()}");
    }

    private bool AcceptsConnections()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
