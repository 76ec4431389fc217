using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace EdgeSound.Daemon.Monitoring;

/// <summary>
/// <c>GET /metrics</c> (and <c>HEAD</c>, for health checkers): the registry in the Prometheus text exposition format
/// 0.0.4, as the dashboard and the <c>metrics:listen</c> listener both serve it.
/// </summary>
public static class MetricsEndpoint
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder app, CollectorRegistry registry) =>
        app.MapMethods("/metrics", GetOrHead, async (HttpContext context, CancellationToken cancel) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, cancel).ConfigureAwait(false);
        });
}
