using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Clips;

/// <summary>
/// Applies feedback commands (MQTT payloads) to the <see cref="ClipStore"/>. A malformed command, an unknown clip
/// id or a sidecar that cannot be rewritten is refused with one log line and counted; nothing here throws.
/// </summary>
public sealed class FeedbackHandler(ClipStore store, ILogger log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _stored;
    private long _refused;

    public long Stored => Interlocked.Read(ref _stored);

    public long Refused => Interlocked.Read(ref _refused);

    public void Handle(byte[] payload)
    {
        var command = FeedbackCommand.Parse(payload, out var error);
        if (command is null)
        {
            Refuse();
            log.LogWarning("Feedback refused: {Reason}", error);
            return;
        }

        try
        {
            switch (store.SetVerdict(command, _clock.GetUtcNow(), out var id))
            {
                case VerdictOutcome.Stored:
                    Interlocked.Increment(ref _stored);
                    log.LogInformation("Feedback on clip {Clip}: {Verdict} {Label}", id, FeedbackCommand.Name(command.Verdict), command.Label ?? "");
                    break;
                default:
                    Refuse();
                    log.LogWarning("Feedback refused: unknown clip {Clip}", command.Clip);
                    break;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            Refuse();
            log.LogError("Feedback on clip {Clip} not stored: {Reason}", command.Clip, e.Message);
        }
    }

    private void Refuse() => Interlocked.Increment(ref _refused);
}
