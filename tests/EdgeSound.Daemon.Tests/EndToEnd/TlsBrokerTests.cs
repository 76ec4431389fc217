using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>
/// <c>mqtts://</c> with <c>mqtt:ca_file</c> against a real mosquitto TLS listener on loopback: a test CA and a server
/// certificate for 127.0.0.1 are made with openssl; the daemon verifies the certificate and the host name.
/// </summary>
public sealed class TlsBrokerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-tls-" + Guid.NewGuid().ToString("N"));
    private Process? _broker;

    public void Dispose()
    {
        if (_broker is { HasExited: false })
        {
            _broker.Kill();
            _broker.WaitForExit();
        }

        _broker?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Alerts_are_delivered_over_tls_and_a_wrong_ca_is_refused()
    {
        Directory.CreateDirectory(_dir);
        Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=EdgeSound test CA", "-keyout", "ca.key", "-out", "ca.crt");
        Openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr");
        File.WriteAllText(Path.Combine(_dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
        Openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Other CA", "-keyout", "other.key", "-out", "other.crt");

        var port = FreePort();
        var conf = Path.Combine(_dir, "mosquitto.conf");
        File.WriteAllText(conf, $"""
            listener {port} 127.0.0.1
            cafile {_dir}/ca.crt
            certfile {_dir}/server.crt
            keyfile {_dir}/server.key
            allow_anonymous true
            persistence false
            log_dest file {_dir}/mosquitto.log
            {(Environment.UserName == "root" ? "user root" : "")}
            """);
        _broker = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", conf]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        Assert.True(SpinWait.SpinUntil(() => Accepts(port), TimeSpan.FromSeconds(10)), "TLS broker did not start: " + ReadLog());

        var model = LoudnessModel.Write(_dir);
        var wav = TestAudio.WriteWav(Path.Combine(_dir, "tones.wav"), TestAudio.NoiseWithTones(14, [(2, 2), (9, 2)]));
        string[] common = ["--input", wav, "--speed", "max", "--model", model, "--mqtt", $"mqtts://127.0.0.1:{port}", "--set", $"state_dir={_dir}/state", "--set", "detection:include:0=tone", "--set", "mqtt:level_interval_s=0"];
        var good = DaemonProcess.Run([.. common, "--set", $"mqtt:ca_file={_dir}/ca.crt"]);
        output.WriteLine(good.Stderr);
        Assert.Equal(0, good.Code);
        Assert.Contains("MQTT connected to mqtts://127.0.0.1", good.Stderr);
        Assert.Contains("All alerts delivered (2 this run)", good.Stderr);

        var bad = DaemonProcess.Run([.. common, "--set", $"mqtt:ca_file={_dir}/other.crt", "--set", "mqtt:drain_timeout_s=2", "--set", $"state_dir={_dir}/state-bad"]);
        output.WriteLine(bad.Stderr);
        Assert.Equal(0, bad.Code);
        Assert.DoesNotContain("MQTT connected", bad.Stderr);
        Assert.Contains("2 alerts not delivered within 2 s", bad.Stderr);
    }

    private void Openssl(params string[] args)
    {
        var start = new ProcessStartInfo("openssl", args) { WorkingDirectory = _dir, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"openssl {string.Join(' ', args)} failed: {err}");
    }

    private string ReadLog() => File.Exists(Path.Combine(_dir, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_dir, "mosquitto.log")) : "(no log)";

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static bool Accepts(int port)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
