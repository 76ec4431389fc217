using EdgeSound.Daemon.Clips;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Writes the clips the pipeline queued (when <c>clips:enabled</c>) into the clip folder, off the pipeline thread.
/// A clip that cannot be written (disk full, no permission) or exceeds the whole budget is logged and counted as
/// failed; the service carries on. It ends when the pipeline completes the queue (so a file input's last clips
/// are written before the process exits).
/// </summary>
public sealed class ClipWriterService(ILogger<ClipWriterService> log, ClipKeeping? clips = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clips is null)
        {
            return;
        }

        await Task.Yield();
        // No stop token: the pipeline completes the queue when it stops, and clips already recorded are kept.
        await foreach (var clip in clips.Queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Write(clip);
        }

        log.LogInformation("Clips: {Saved} saved, {Failed} not saved; folder {Dir} holds {Count} clips, {Used:0.0} MB",
            clips.Saved, clips.Failed, clips.Store.Directory, clips.Store.Ids.Count, clips.Store.Bytes / 1e6);
    }

    private void Write(EventClip clip)
    {
        try
        {
            if (clips!.Store.Save(clip))
            {
                clips.CountSaved();
                log.LogDebug("Clip {Clip} saved ({Seconds:0.00} s)", clip.Id, clip.Samples.Length / (double)clip.SampleRate);
            }
            else
            {
                clips.CountFailed();
                log.LogWarning("Clip {Clip} not saved: it alone exceeds clips:max_mb {Budget} MB", clip.Id, clips.Options.MaxMegabytes);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            clips!.CountFailed();
            log.LogError("Clip {Clip} not saved: {Reason} ({Failed} not saved so far)", clip.Id, e.Message, clips.Failed);
        }
    }
}
