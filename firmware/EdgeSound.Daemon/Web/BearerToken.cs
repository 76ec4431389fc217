using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// The <c>web:token</c> check: a request carries the token as <c>Authorization: Bearer TOKEN</c> (RFC 6750 section
/// 2.1) or as the query parameter <c>token</c> (for the browser's EventSource, which cannot set headers). Compared in
/// constant time over SHA-256 digests, so neither the content nor the length of the token leaks through timing.
/// </summary>
public sealed class BearerToken(string token)
{
    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// Null when no token is configured or the request presents it; otherwise the one-line answer for the 401: no
    /// token presented, a query that gives <c>token</c> more than once, or a wrong one.
    /// </summary>
    public string? Refusal(HttpRequest request)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && request.Query.TryGetValue("token", out var given) && given.Count > 1)
        {
            return $"the token is given {given.Count} times in the query: give ?token=TOKEN once";
        }

        return Presented(request, header) switch
        {
            null => "a token is required: Authorization: Bearer TOKEN or ?token=TOKEN",
            var presented when CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented))) => null,
            _ => "the token is wrong: it does not match web:token",
        };
    }

    private const string Scheme = "Bearer ";

    /// <summary>The token of the <c>Authorization</c> header (<paramref name="header"/>) when it is a Bearer one, else of a single <c>token</c> query parameter.</summary>
    private static string? Presented(HttpRequest request, string header) =>
        header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? header[Scheme.Length..].Trim()
            : request.Query.TryGetValue("token", out var q) && q.Count == 1 ? q[0] : null;
}
