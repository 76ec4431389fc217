using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// The dashboard's routes: <c>/</c> (and its script and style sheet), <c>/api/events?limit=N</c> (default 50, 1-1000),
/// <c>/api/levels?minutes=N</c> (default 1440, 1-44640), <c>/api/model</c>, <c>/api/live</c> (Server-Sent Events, see
/// <see cref="LiveStream"/>), <c>/metrics</c> (<see cref="MetricsEndpoint"/>), the cue designer's
/// <c>/api/cues...</c> (<see cref="CueRoutes"/>) and the clips' <c>/api/clips/{id}.wav</c> and <c>/api/feedback</c>
/// (<see cref="ClipRoutes"/>). Every data route answers
/// 401 without the token when <c>web:token</c> is set (the page's files do not: they hold no data). A bad query value gets 400 and one line naming the parameter;
/// an unknown path 404 and a method a route does not take 405, each with one line naming method and path (<see cref="UnroutedRequests"/>); <c>/api/levels</c> over a history
/// that cannot be read 503 and one line naming the file and its fault.
/// </summary>
public static class DashboardRoutes
{
    /// <summary>
    /// The page, its assets and the data routes answer HEAD as well as GET (health checkers probe with HEAD): the same
    /// status and headers, and Kestrel sends no body for HEAD. The endless <c>/api/live</c> stream is GET only.
    /// </summary>
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(WebApplication app, DashboardSources sources, BearerToken token)
    {
        UnroutedRequests.Answer(app);
        app.Use(async (context, next) =>
        {
            if (!IsAsset(context.Request.Path) && token.Refusal(context.Request) is { } refusal)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync(refusal + "\n").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        MapAssets(app);
        app.MapMethods("/api/events", GetOrHead, (HttpRequest r) =>
            Query(r, "limit", 50, 1, 1000, out var limit) ?? Json(DashboardJson.Events(sources.Events.Latest(limit))));
        app.MapMethods("/api/levels", GetOrHead, (HttpRequest r) =>
            Query(r, "minutes", 1440, 1, 44640, out var minutes) ?? Levels(sources.History, minutes));
        app.MapMethods("/api/model", GetOrHead, () => Json(DashboardJson.Model(sources.ModelName, sources.Rules, sources.History.CalibrationDb)));
        app.MapGet("/api/live", (CancellationToken cancel) => TypedResults.ServerSentEvents(Live(sources.Live, cancel)));
        if (sources.Cues is { } designer)
        {
            CueRoutes.Map(app, designer);
        }

        ClipRoutes.Map(app, sources.Clips);
        MetricsEndpoint.Map(app, sources.Metrics.Registry);
    }

    private static void MapAssets(IEndpointRouteBuilder app)
    {
        foreach (var (name, type) in StaticAssets.Files)
        {
            var body = StaticAssets.Read(name);
            app.MapMethods(Route(name), GetOrHead, () => TypedResults.Bytes(body, type));
        }
    }

    private static string Route(string asset) => asset == "index.html" ? "/" : "/" + asset;

    /// <summary>The page, script and style sheet hold no data and are served without the token (the page then sends it with every data request).</summary>
    private static bool IsAsset(PathString path) => StaticAssets.Files.Keys.Any(a => path.Equals(Route(a), StringComparison.Ordinal));

    private static IResult Json(byte[] body) => TypedResults.Bytes(body, "application/json");

    /// <summary>The last <paramref name="minutes"/> minutes; 503 and one line naming the file and its fault when the history cannot be read.</summary>
    private static IResult Levels(ILevelHistory history, int minutes)
    {
        try
        {
            return Json(DashboardJson.Levels(history.Recent(minutes)));
        }
        catch (HistoryUnavailableException e)
        {
            return RequestBody.Line($"level history unavailable: {e.Message}", StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>Reads a whole-number query parameter; returns a 400 result naming it when it is not in range.</summary>
    private static IResult? Query(HttpRequest request, string name, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (!request.Query.TryGetValue(name, out var text))
        {
            return null;
        }

        if (text.Count > 1)
        {
            return RequestBody.BadRequest($"{name} is given {text.Count} times; give it once");
        }

        if (int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return null;
        }

        return RequestBody.BadRequest($"{name} must be a whole number in [{min},{max}], got '{text}'");
    }

    private static async IAsyncEnumerable<SseItem<string>> Live(LiveStream live, [EnumeratorCancellation] CancellationToken cancel)
    {
        var (reader, subscription) = live.Subscribe();
        using (subscription)
        {
            await foreach (var item in reader.ReadAllAsync(cancel).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }
}
