using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>
/// <c>mqtts://</c> with <c>mqtt:ca_file</c> (and a client certificate) against a real mosquitto TLS listener on
/// loopback: a test CA, a server certificate for 127.0.0.1 and a client certificate are made with openssl; the daemon
/// verifies the server's certificate and host name, and presents its own when the broker requires one.
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
        var port = StartTlsBroker(requireClientCertificate: false);
        string[] common = Common(port);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var good = DaemonProcess.Run([.. common, "--set", $"mqtt:ca_file={_dir}/ca.crt"]);
        output.WriteLine($"TLS run {clock.Elapsed.TotalSeconds:0.0} s:{Environment.NewLine}{good.Stderr}");
        Assert.Equal(0, good.Code);
        Assert.Contains("MQTT connected to mqtts://127.0.0.1", good.Stderr);
        Assert.Contains("All alerts delivered (2 this run)", good.Stderr);

        var bad = DaemonProcess.Run([.. common, "--set", $"mqtt:ca_file={_dir}/other.crt", "--set", "mqtt:drain_timeout_s=2", "--set", $"state_dir={_dir}/state-bad"]);
        output.WriteLine(bad.Stderr);
        Assert.Equal(1, bad.Code);
        Assert.DoesNotContain("MQTT connected", bad.Stderr);
        Assert.Contains("2 alerts not delivered within 2 s", bad.Stderr);
    }

    [Fact]
    public void A_broker_that_requires_a_client_certificate_takes_the_configured_one_and_refuses_a_client_without()
    {
        var port = StartTlsBroker(requireClientCertificate: true);
        Openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=edgesound-client", "-keyout", "client.key", "-out", "client.csr");
        Openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", "client.crt");
        string[] common = [.. Common(port), "--set", $"mqtt:ca_file={_dir}/ca.crt"];
        var good = DaemonProcess.Run([.. common, "--set", $"mqtt:cert_file={_dir}/client.crt", "--set", $"mqtt:key_file={_dir}/client.key"]);
        output.WriteLine(good.Stderr);
        Assert.Equal(0, good.Code);
        Assert.Contains("All alerts delivered (2 this run)", good.Stderr);

        var without = DaemonProcess.Run([.. common, "--set", "mqtt:drain_timeout_s=2", "--set", $"state_dir={_dir}/state-nocert"]);
        output.WriteLine(without.Stderr);
        Assert.DoesNotContain("MQTT connected", without.Stderr);
        Assert.Contains("2 alerts not delivered within 2 s", without.Stderr);

        var halfConfigured = DaemonProcess.Run([.. common, "--set", $"mqtt:cert_file={_dir}/client.crt"]);
        Assert.Equal(2, halfConfigured.Code);
        Assert.Contains("mqtt:cert_file and mqtt:key_file go together", halfConfigured.Stderr);

        var wrongKey = DaemonProcess.Run([.. common, "--set", $"mqtt:cert_file={_dir}/client.crt", "--set", $"mqtt:key_file={_dir}/other.key"]);
        Assert.Equal(2, wrongKey.Code);
        Assert.Contains($"edgesound: configuration error: mqtt:cert_file: '{_dir}/client.crt' with mqtt:key_file '{_dir}/other.key': cannot load the client certificate", wrongKey.Stderr);
    }

    /// <summary>Makes a test CA, a server certificate for 127.0.0.1 and an unrelated CA, and starts mosquitto with a TLS listener.</summary>
    private int StartTlsBroker(bool requireClientCertificate)
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
            require_certificate {(requireClientCertificate ? "true" : "false")}
            allow_anonymous true
            persistence false
            log_dest file {_dir}/mosquitto.log
            {(Environment.UserName == "root" ? "user root" : "")}
            """);
        _broker = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", conf]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        Assert.True(SpinWait.SpinUntil(() => Accepts(port), TimeSpan.FromSeconds(10)), "TLS broker did not start: " + ReadLog());
        return port;
    }

    private string[] Common(int port)
    {
        var model = LoudnessModel.Write(_dir);
        var wav = TestAudio.WriteWav(Path.Combine(_dir, "tones.wav"), TestAudio.NoiseWithTones(14, [(2, 2), (9, 2)]));
        return ["--input", wav, "--speed", "max", "--model", model, "--mqtt", $"mqtts://127.0.0.1:{port}", "--set", $"state_dir={_dir}/state", "--set", "detection:include:0=tone", "--set", "mqtt:level_interval_s=0"];
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
