using System.Net;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// The <c>web:listen</c> value: <c>http://HOST:PORT</c> with no path (for example <c>http://127.0.0.1:8080</c>, or
/// <c>http://0.0.0.0:8080</c> for every interface), as Kestrel takes it.
/// </summary>
public readonly record struct WebListen(string Url, string Host, int Port)
{
    /// <summary>
    /// True when only this machine can connect: <c>localhost</c> or a loopback address (127.0.0.0/8, <c>::1</c>).
    /// Wildcards (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) and other names reach beyond it.
    /// </summary>
    public bool IsLoopback =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    public static bool TryParse(string text, out WebListen listen)
    {
        listen = default;
        // Kestrel's wildcards '+' and '*' are not valid URI hosts: read them as 0.0.0.0 for the check.
        var probe = text.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !HasPort(probe)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0 || uri.Host.Length == 0)
        {
            return false;
        }

        listen = new WebListen(text.TrimEnd('/'), uri.Host.Trim('[', ']'), uri.Port);
        return true;
    }

    /// <summary>True when the URL's authority names a port (<c>:80</c> included, which <see cref="Uri.IsDefaultPort"/> cannot tell from none).</summary>
    private static bool HasPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        authority = end < 0 ? authority : authority[..end];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1 && authority[(colon + 1)..].All(char.IsAsciiDigit);
    }
}
