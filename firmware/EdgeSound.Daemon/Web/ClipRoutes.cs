using System.Text.Json.Nodes;
using EdgeSound.Daemon.Clips;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// Kept event clips on the dashboard (token rules as every data route):
/// <list type="bullet">
/// <item><c>GET /api/clips/{id}.wav</c>: the clip's WAV (16-bit mono PCM; byte ranges served, so the browser's audio
/// element can seek). The id must be a clip id (letters, digits, <c>_</c>, <c>-</c>) the store holds: anything else,
/// path tricks included, gets 404 without touching the file system.</item>
/// <item><c>POST /api/feedback</c> <c>{"clip_id", "verdict": "confirm"|"false_alarm"|"relabel", "label" (relabel
/// only)}</c>: the same <see cref="FeedbackHandler"/> as the MQTT command, so the verdict lands in the clip's sidecar.
/// 200 <c>{"clip"}</c>; 400 malformed; 404 unknown clip; 500 sidecar not rewritten.</item>
/// </list>
/// With <c>clips:enabled</c> false both answer 404 saying so.
/// </summary>
public static class ClipRoutes
{
    private const string Off = "clips are not kept on this device (clips:enabled is false)";
    private const string FeedbackRoute = "/api/feedback";

    public static void Map(WebApplication app, ClipKeeping? clips)
    {
        app.MapGet("/api/clips/{id}.wav", (string id) =>
        {
            if (clips is null)
            {
                return RequestBody.NotFound(Off);
            }

            return FeedbackCommand.IsClipId(id) && clips.Store.WavPath(id) is { } path && File.Exists(path)
                ? TypedResults.PhysicalFile(path, "audio/wav", enableRangeProcessing: true)
                : RequestBody.NotFound($"no clip '{id}'");
        });
        app.MapPost(FeedbackRoute, async (HttpContext context, CancellationToken cancel) =>
        {
            if (clips is null)
            {
                return RequestBody.NotFound(Off);
            }

            var (body, refusal) = await RequestBody.ReadObjectAsync(context, cancel).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            // The page's field names over the MQTT command's: clip_id -> clip; the command's own parser checks the rest.
            var b = body!.Value;
            if (RequestBody.NotText(b, "clip_id", "verdict", "label") is { } notText)
            {
                return RequestBody.BadRequest(notText);
            }

            var command = new JsonObject
            {
                ["clip"] = RequestBody.Text(b, "clip_id"),
                ["verdict"] = RequestBody.Text(b, "verdict"),
                ["label"] = RequestBody.Text(b, "label"),
            };
            return clips.Feedback.Handle(System.Text.Encoding.UTF8.GetBytes(command.ToJsonString()), $"POST {FeedbackRoute}", out var detail) switch
            {
                FeedbackResult.Stored => TypedResults.Bytes(System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["clip"] = detail }.ToJsonString()), "application/json"),
                FeedbackResult.Malformed => RequestBody.BadRequest(detail.Replace("\"clip\"", "\"clip_id\"", StringComparison.Ordinal)),
                FeedbackResult.UnknownClip => RequestBody.NotFound(detail),
                _ => RequestBody.Line(detail, StatusCodes.Status500InternalServerError),
            };
        });
    }
}
