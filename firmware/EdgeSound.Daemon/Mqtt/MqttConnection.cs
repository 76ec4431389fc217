using System.Globalization;
using EdgeSound.Daemon.Configuration;

namespace EdgeSound.Daemon.Mqtt;

/// <summary>
/// How to reach the broker. <see cref="Password"/> is read from a file or the environment and never logged.
/// With <see cref="Tls"/>, <see cref="CaFile"/> (PEM) is the only trust anchor; <see cref="CertFile"/> and
/// <see cref="KeyFile"/> (PEM, both or neither) are the client certificate and its private key.
/// <see cref="PasswordSource"/> says where the password came from (<c>mqtt:password_file FILE</c>,
/// <c>mqtt:password_env NAME</c>, or empty for none), for the log line of a refused login.
/// </summary>
public sealed record MqttConnection(
    string Host,
    int Port,
    bool Tls,
    string CaFile,
    string CertFile,
    string KeyFile,
    string Username,
    string? Password,
    string ClientId,
    int KeepAliveSeconds,
    TimeSpan ReconnectMin,
    TimeSpan ReconnectMax,
    string PasswordSource = "")
{
    /// <summary>CA bundle used for <c>mqtts://</c> when no <c>mqtt:ca_file</c> is given (Debian / Raspberry Pi OS).</summary>
    public const string SystemCaFile = "/etc/ssl/certs/ca-certificates.crt";

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{(Username.Length > 0 ? Username + "@" : "")}{Host}:{Port}";

    /// <exception cref="IOException">The password file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The password file may not be read.</exception>
    public static MqttConnection From(MqttOptions o, string clientId)
    {
        string? password = null;
        var source = "";
        if (o.PasswordFile.Length > 0)
        {
            password = ReadPasswordFile(o.PasswordFile);
            source = $"mqtt:password_file {o.PasswordFile}";
        }
        else if (o.PasswordEnv.Length > 0)
        {
            password = Environment.GetEnvironmentVariable(o.PasswordEnv);
            source = $"mqtt:password_env {o.PasswordEnv}";
        }

        return new MqttConnection(o.Host, o.Port, o.Tls, o.Tls && o.CaFile.Length == 0 ? SystemCaFile : o.CaFile, o.CertFile, o.KeyFile, o.Username, password,
            o.ClientId.Length > 0 ? o.ClientId : clientId, o.KeepAliveSeconds,
            TimeSpan.FromSeconds(o.ReconnectMinSeconds), TimeSpan.FromSeconds(o.ReconnectMaxSeconds), source);
    }

    /// <summary>The password a password file holds: its first line, without the line end; empty for an empty file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadPasswordFile(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() ?? "";
    }

    /// <summary>
    /// Turns <c>mqtt://[user@]host[:port]</c> or <c>mqtts://...</c> into configuration keys (<c>mqtt:host</c>, <c>mqtt:port</c>,
    /// <c>mqtt:tls</c>, <c>mqtt:username</c>), parsed by <see cref="Uri"/> (RFC 3986: an IPv6 host in brackets, a port
    /// within 0-65535). A password in the URL is refused: it would show in the process list.
    /// </summary>
    public static Dictionary<string, string?> ParseUrl(string url)
    {
        const string Expected = "expected mqtt://[user@]host[:port] or mqtts://[user@]host[:port]";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts"))
        {
            throw new Configuration.ConfigException($"--mqtt {url}: {Expected}");
        }

        if (uri.UserInfo.Contains(':'))
        {
            throw new Configuration.ConfigException($"--mqtt: a password in the URL would be visible to every user; use mqtt:password_file or mqtt:password_env");
        }

        if (uri.HostNameType == UriHostNameType.Unknown || uri.DnsSafeHost.Length == 0 || uri.AbsolutePath.Length > 1 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new Configuration.ConfigException($"--mqtt {url}: missing or malformed host ({Expected})");
        }

        if (!uri.IsDefaultPort && uri.Port < 1)
        {
            throw new Configuration.ConfigException($"--mqtt {url}: port must be a number in [1,65535]");
        }

        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["mqtt:tls"] = uri.Scheme == "mqtts" ? "true" : "false",
            ["mqtt:host"] = uri.DnsSafeHost,
            ["mqtt:port"] = (uri.IsDefaultPort ? (uri.Scheme == "mqtts" ? 8883 : 1883) : uri.Port).ToString(CultureInfo.InvariantCulture),
        };
        if (uri.UserInfo.Length > 0)
        {
            result["mqtt:username"] = Uri.UnescapeDataString(uri.UserInfo);
        }

        return result;
    }
}
