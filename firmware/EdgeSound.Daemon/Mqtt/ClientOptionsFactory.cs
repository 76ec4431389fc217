using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeSound.Daemon.Configuration;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// Turns an <see cref="MqttConnection"/> into MQTTnet's <see cref="MqttClientOptions"/>: MQTT 5.0, clean start,
/// the keep-alive, credentials, the retained <c>offline</c> last will (QoS 1) on the availability topic, and for TLS
/// the CA file as the only trust anchor (host name checked), plus the client certificate when one is configured.
/// Certificates are read once here, so a bad file stops the start with the file named instead of failing every
/// reconnect.
/// </summary>
public static class ClientOptionsFactory
{
    /// <summary>Longest wait for a TCP/TLS connect and CONNACK, and for other requests without their own bound.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <exception cref="ConfigException">The CA file holds no PEM certificate, or the client certificate or key cannot be
    /// read; the message names the configuration key and the file.</exception>
    public static MqttClientOptions Build(MqttConnection connection, string willTopic)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(connection.Host, connection.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(connection.ClientId)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(connection.KeepAliveSeconds))
            .WithTimeout(RequestTimeout)
            .WithWillTopic(willTopic)
            .WithWillPayload(TopicLayout.Offline)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        if (connection.Username.Length > 0)
        {
            builder.WithCredentials(connection.Username, connection.Password);
        }

        if (connection.Tls)
        {
            var trust = LoadCaFile(connection.CaFile);
            var clientCertificate = connection.CertFile.Length > 0 ? LoadClientCertificate(connection.CertFile, connection.KeyFile) : null;
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTrustChain(trust);
                if (clientCertificate is not null)
                {
                    tls.WithClientCertificates([clientCertificate]);
                }
            });
        }

        return builder.Build();
    }

    /// <summary>Why the PEM CA file at <paramref name="path"/> cannot be the trust anchor (it holds no PEM certificate,
    /// or why it cannot be read), or null when it holds at least one certificate.</summary>
    public static string? CaFileProblem(string path) => ReadCaFile(path).Problem;

    /// <summary>Why the PEM client certificate and private key cannot be loaded as a pair, or null when they can.</summary>
    public static string? ClientCertificateProblem(string certFile, string keyFile)
    {
        var (certificate, problem) = ReadClientCertificate(certFile, keyFile);
        certificate?.Dispose();
        return problem;
    }

    private static X509Certificate2Collection LoadCaFile(string path)
    {
        var (trust, problem) = ReadCaFile(path);
        return problem is null ? trust : throw new ConfigException($"mqtt:ca_file {path}: {problem}");
    }

    private static (X509Certificate2Collection Trust, string? Problem) ReadCaFile(string path)
    {
        var trust = new X509Certificate2Collection();
        try
        {
            trust.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return (trust, $"cannot read it: {e.Message}");
        }

        return (trust, trust.Count > 0 ? null : "no PEM certificate in it");
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        var (certificate, problem) = ReadClientCertificate(certFile, keyFile);
        return certificate ?? throw new ConfigException($"mqtt:cert_file {certFile} with mqtt:key_file {keyFile}: {problem}");
    }

    private static (X509Certificate2? Certificate, string? Problem) ReadClientCertificate(string certFile, string keyFile)
    {
        try
        {
            return (X509Certificate2.CreateFromPemFile(certFile, keyFile), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return (null, $"cannot load the client certificate: {e.Message}");
        }
    }
}
