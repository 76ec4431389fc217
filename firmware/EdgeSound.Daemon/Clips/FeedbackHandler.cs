using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Clips;

/// <summary>What became of one feedback command.</summary>
public enum FeedbackResult
{
    /// <summary>The verdict is in the clip's sidecar.</summary>
    Stored,

    /// <summary>The payload is not a feedback command.</summary>
    Malformed,

    /// <summary>No clip with that id is kept.</summary>
    UnknownClip,

    /// <summary>The sidecar could not be read or rewritten.</summary>
    Failed,
}

/// <summary>
/// Applies feedback commands (MQTT payloads, and the dashboard's <c>POST /api/feedback</c>) to the
/// <see cref="ClipStore"/>. A malformed command, an unknown clip id or a sidecar that cannot be rewritten is refused
/// with one log line naming where the command came from (the MQTT topic, the dashboard route) and counted; nothing
/// here throws.
/// </summary>
public sealed class FeedbackHandler(ClipStore store, ILogger log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _stored;
    private long _refused;

    public long Stored => Interlocked.Read(ref _stored);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Applies one command that came from <paramref name="source"/> (named in the log line);
    /// <paramref name="detail"/> is the clip id when stored, else the one-line reason.</summary>
    public FeedbackResult Handle(byte[] payload, string source, out string detail)
    {
        var command = FeedbackCommand.Parse(payload, out var error);
        if (command is null)
        {
            Refuse();
            log.LogWarning("Feedback on {Source} refused: {Reason}", source, error);
            detail = error;
            return FeedbackResult.Malformed;
        }

        try
        {
            switch (store.SetVerdict(command, _clock.GetUtcNow(), out var id))
            {
                case VerdictOutcome.Stored:
                    Interlocked.Increment(ref _stored);
                    log.LogInformation("Feedback on {Source} for clip {Clip}: {Verdict} {Label}", source, id, FeedbackCommand.Name(command.Verdict), command.Label ?? "");
                    detail = id;
                    return FeedbackResult.Stored;
                default:
                    Refuse();
                    log.LogWarning("Feedback on {Source} refused: unknown clip {Clip}", source, command.Clip);
                    detail = $"unknown clip '{command.Clip}'";
                    return FeedbackResult.UnknownClip;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            Refuse();
            log.LogError("Feedback on {Source} for clip {Clip} not stored: {Reason}", source, command.Clip, e.Message);
            detail = $"clip '{command.Clip}': verdict not stored ({e.Message})";
            return FeedbackResult.Failed;
        }
    }

    private void Refuse() => Interlocked.Increment(ref _refused);
}
