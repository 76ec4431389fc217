using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Mqtt;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

/// <summary><c>--mqtt URL</c> becomes configuration keys, or one line naming what is wrong with it.</summary>
public sealed class BrokerUrlTests
{
    [Theory]
    [InlineData("mqtt://broker.local", "broker.local", "1883", "false", null)]
    [InlineData("mqtts://edge@broker.local:8884/", "broker.local", "8884", "true", "edge")]
    [InlineData("mqtt://[::1]:1884", "::1", "1884", "false", null)]
    [InlineData("MQTT://10.0.0.2", "10.0.0.2", "1883", "false", null)]
    public void A_broker_url_gives_host_port_tls_and_user(string url, string host, string port, string tls, string? user)
    {
        var keys = MqttConnection.ParseUrl(url);
        Assert.Equal(host, keys["mqtt:host"]);
        Assert.Equal(port, keys["mqtt:port"]);
        Assert.Equal(tls, keys["mqtt:tls"]);
        Assert.Equal(user, keys.GetValueOrDefault("mqtt:username"));
    }

    [Theory]
    [InlineData("mqtt://", "missing or malformed host")]
    [InlineData("mqtt://edge@", "expected mqtt://")]
    [InlineData("http://broker.local", "expected mqtt://")]
    [InlineData("mqtt://h o st", "expected mqtt://")]
    [InlineData("mqtt://[::1", "expected mqtt://")]
    [InlineData("mqtt://broker.local:99999", "expected mqtt://")]
    [InlineData("mqtt://broker.local:0", "port must be a number in [1,65535]")]
    [InlineData("mqtt://broker.local/topic", "missing or malformed host")]
    [InlineData("mqtt://edge:secret@broker.local", "a password in the URL")]
    public void A_bad_broker_url_is_refused_naming_it(string url, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => MqttConnection.ParseUrl(url));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Single(e.Message.Split('\n'));
    }

    [Theory]
    [InlineData("mqtt:host=h o st", "mqtt:host must be a host name or IP address, or empty for none, got 'h o st'")]
    [InlineData("mqtt:host=${MQTT_HOST}", "mqtt:host must be a host name or IP address, or empty for none, got '${MQTT_HOST}'")]
    [InlineData("audio:input=", "audio:input must name a WAV file, an ALSA device or - for stdin, got ''")]
    public void A_malformed_host_or_an_empty_input_is_a_configuration_error(string assignment, string line)
    {
        var (code, lines, _) = Configuration.ConfigRun.Load(null, assignment);
        Assert.Equal(2, code);
        Assert.EndsWith(line, Assert.Single(lines), StringComparison.Ordinal);
    }
}
