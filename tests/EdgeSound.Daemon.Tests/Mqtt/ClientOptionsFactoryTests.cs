using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

public sealed class ClientOptionsFactoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-mqtt-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MqttConnection Plain(string user = "", string? password = null) =>
        new("broker.local", 1883, false, "", "", "", user, password, "edgesound-pi", 30, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    [Fact]
    public void Mqtt5_clean_start_with_a_retained_qos1_offline_will_on_the_availability_topic()
    {
        var o = ClientOptionsFactory.Build(Plain("edge", "pw"), "edgesound/pi/availability");
        Assert.Equal(MqttProtocolVersion.V500, o.ProtocolVersion);
        Assert.True(o.CleanSession);
        Assert.Equal("edgesound-pi", o.ClientId);
        Assert.Equal(TimeSpan.FromSeconds(30), o.KeepAlivePeriod);
        Assert.Equal("edgesound/pi/availability", o.WillTopic);
        Assert.Equal("offline"u8.ToArray(), o.WillPayload.ToArray());
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, o.WillQualityOfServiceLevel);
        Assert.True(o.WillRetain);
        Assert.Equal("edge", o.Credentials.GetUserName(o));
        Assert.False(((MqttClientTcpOptions)o.ChannelOptions).TlsOptions.UseTls);
    }

    [Fact]
    public void A_ca_file_without_a_certificate_is_refused_naming_the_key_and_file()
    {
        var ca = Path.Combine(_dir, "ca.pem");
        File.WriteAllText(ca, "not a certificate\n");
        var e = Assert.Throws<ConfigException>(() => ClientOptionsFactory.Build(Plain() with { Tls = true, CaFile = ca }, "a/b"));
        Assert.Equal($"mqtt:ca_file {ca}: no PEM certificate in it", e.Message);
    }

    [Fact]
    public void An_unreadable_client_certificate_is_refused_naming_both_files()
    {
        var ca = Path.Combine(_dir, "ca.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create())
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(ca, cert.ExportCertificatePem());
        }

        var certFile = Path.Combine(_dir, "client.crt");
        var keyFile = Path.Combine(_dir, "client.key");
        File.WriteAllText(certFile, "garbage");
        File.WriteAllText(keyFile, "garbage");
        var options = ClientOptionsFactory.Build(Plain() with { Tls = true, CaFile = ca }, "a/b");
        var tls = ((MqttClientTcpOptions)options.ChannelOptions).TlsOptions;
        Assert.True(tls.UseTls);
        Assert.Single(tls.TrustChain);
        var e = Assert.Throws<ConfigException>(() => ClientOptionsFactory.Build(Plain() with { Tls = true, CaFile = ca, CertFile = certFile, KeyFile = keyFile }, "a/b"));
        Assert.StartsWith($"mqtt:cert_file {certFile} with mqtt:key_file {keyFile}: cannot load the client certificate", e.Message);
    }
}
