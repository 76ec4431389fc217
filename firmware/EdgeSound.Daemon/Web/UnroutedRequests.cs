using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// What the daemon's web listeners (the dashboard, the metrics endpoint) answer a request no route takes: routing
/// would send an unknown path (404) or method (405) with no body; one plain-text line naming method and path instead
/// (<c>DELETE /api/events: method not allowed (allowed: GET, HEAD)</c>).
/// </summary>
public static class UnroutedRequests
{
    public static void Answer(WebApplication app) => app.UseStatusCodePages(context => Line(context.HttpContext));

    private static Task Line(HttpContext context)
    {
        var request = context.Request;
        var target = $"{request.Method} {request.PathBase.ToUriComponent()}{request.Path.ToUriComponent()}";
        var status = context.Response.StatusCode;
        var line = status switch
        {
            StatusCodes.Status404NotFound => $"{target}: no such route",
            StatusCodes.Status405MethodNotAllowed => $"{target}: method not allowed (allowed: {context.Response.Headers.Allow})",
            _ => $"{target}: {ReasonPhrases.GetReasonPhrase(status)}",
        };
        return RequestBody.Line(line, status).ExecuteAsync(context);
    }
}
