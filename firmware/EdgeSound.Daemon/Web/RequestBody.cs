using System.Text.Json;
using EdgeSound.Daemon.Events;
using EdgeSound.Inference;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// Reads a POST/PUT body that must be declared <c>application/json</c> (UTF-8: another declared charset gets 415) and be one JSON object of at most <see cref="MaxBytes"/> bytes, no field named
/// twice, whose strings are all valid Unicode (<see cref="JsonUnicode"/>), and the plain-text
/// one-line answers the dashboard's routes give for bad input (400, 404, 413, 415).
/// </summary>
public static class RequestBody
{
    /// <summary>Largest body accepted, bytes: a few cue patterns (the parser stops at 4096 notes anyway).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body's JSON object, or null with the answer to send in <paramref name="refusal"/>.</summary>
    public static async Task<(JsonElement? Body, IResult? Refusal)> ReadObjectAsync(HttpContext context, CancellationToken cancel)
    {
        // A form or text/plain POST from another site needs no CORS preflight: only a declared JSON body is read.
        if (!context.Request.HasJsonContentType())
        {
            var given = context.Request.ContentType is { Length: > 0 } type ? $"'{type}'" : "none";
            return (null, Line($"body must be Content-Type: application/json, got {given}", StatusCodes.Status415UnsupportedMediaType));
        }

        // The body is parsed as UTF-8 (RFC 8259): one declared in another charset would be misread, not converted.
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media) && media.Charset.HasValue
            && media.Charset.Value!.Trim('"') is var charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Line($"body must be UTF-8 JSON, got charset '{charset}'", StatusCodes.Status415UnsupportedMediaType));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancel).ConfigureAwait(false);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadRequest($"expected a JSON object, got {doc.RootElement.ValueKind}"));
            }

            if (JsonUnicode.FirstInvalid(doc.RootElement) is { } bad)
            {
                return (null, BadRequest(JsonUnicode.Reason(bad)));
            }

            return DuplicateField(doc.RootElement) is { } twice
                ? (null, BadRequest($"body names a field twice ({twice})"))
                : (doc.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest($"body is not JSON ({e.Message})"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Line($"body larger than {MaxBytes} bytes", StatusCodes.Status413PayloadTooLarge));
        }
        catch (BadHttpRequestException e)
        {
            // Broken framing (a bad chunk size) or a body sent too slowly: Kestrel's own reason, not an unhandled exception.
            return (null, Line($"body not read: {e.Message}", e.StatusCode));
        }
    }

    /// <summary>
    /// Why <paramref name="body"/> (its strings valid Unicode: comparing names decodes them) names a field twice, at any
    /// depth, or null when it does not: which of two would the sender have meant?
    /// </summary>
    private static string? DuplicateField(JsonElement body)
    {
        try
        {
            using var strict = StrictJson.Parse(body.GetRawText());
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    /// <summary>The string property <paramref name="name"/>, or null when it is missing or not a string.</summary>
    public static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    /// <summary>
    /// The first of <paramref name="names"/> that <paramref name="body"/> has with a value other than a string or null,
    /// as one line (<c>pattern must be a string, got 123</c>); null when there is none.
    /// </summary>
    public static string? NotText(JsonElement body, params string[] names)
    {
        foreach (var name in names)
        {
            if (body.TryGetProperty(name, out var p) && p.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $"{name} must be a string, got {p.GetRawText()}";
            }
        }

        return null;
    }

    public static IResult BadRequest(string line) => Line(line, StatusCodes.Status400BadRequest);

    public static IResult NotFound(string line) => Line(line, StatusCodes.Status404NotFound);

    /// <summary>
    /// One line of plain text with <paramref name="status"/>: line breaks in the reason become spaces and other control
    /// characters (a NUL echoed from a query) are written as <c>\uXXXX</c>.
    /// </summary>
    public static IResult Line(string line, int status)
    {
        var flat = new System.Text.StringBuilder(line.Length + 1);
        foreach (var c in line.ReplaceLineEndings(" "))
        {
            if (char.IsControl(c))
            {
                flat.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                flat.Append(c);
            }
        }

        return TypedResults.Text(flat.Append('\n').ToString(), "text/plain; charset=utf-8", statusCode: status);
    }
}
