using EdgeSound.Daemon.Tests.Configuration;
using EdgeSound.Daemon.Web;

using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

/// <summary><c>web:listen</c> and <c>web:token</c>: the daemon refuses to listen beyond loopback without a token (exit 2, one line).</summary>
public sealed class WebConfigTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://192.168.1.20:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://edgesound.local:8080")]
    public void Beyond_loopback_without_a_token_is_refused_with_one_line(string listen)
    {
        var (code, lines, _) = ConfigRun.Load(null, $"web:listen={listen}");
        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.Contains("web:token must be set", line, StringComparison.Ordinal);
        Assert.Contains(listen, line, StringComparison.Ordinal);
        Assert.Equal(0, ConfigRun.Load(null, $"web:listen={listen}", "web:token=abc").Code);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("")]
    public void Loopback_or_off_needs_no_token(string listen)
    {
        var (code, lines, options) = ConfigRun.Load(null, $"web:listen={listen}");
        Assert.Equal(0, code);
        Assert.Empty(lines);
        Assert.Equal(listen, options.Web.Listen);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("https://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:8080/dash")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("http://127.0.0.1:")]
    [InlineData("http://[::1]")]
    public void A_malformed_listen_value_is_refused_naming_the_key(string listen)
    {
        var (code, lines, _) = ConfigRun.Load(null, $"web:listen={listen}");
        Assert.Equal(2, code);
        Assert.Contains("web:listen", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:80", 80)]
    [InlineData("http://[::1]:80", 80)]
    [InlineData("http://localhost:8080/", 8080)]
    [InlineData("http://127.0.0.1:0", 0)]
    public void A_listen_value_with_any_explicit_port_is_taken_the_http_default_included(string listen, int port)
    {
        Assert.True(WebListen.TryParse(listen, out var l));
        Assert.Equal(port, l.Port);
    }

    [Fact]
    public void Loopback_is_told_from_wildcards()
    {
        Assert.True(WebListen.TryParse("http://127.0.0.2:1", out var l) && l.IsLoopback);
        Assert.True(WebListen.TryParse("http://*:8080", out var any) && !any.IsLoopback);
    }
}
