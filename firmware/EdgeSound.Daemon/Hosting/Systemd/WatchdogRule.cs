using System.Globalization;

namespace EdgeSound.Daemon.Hosting.Systemd;

/// <summary>What the watchdog judges, taken at one check.</summary>
/// <param name="CaptureAgeMs">Milliseconds since audio last arrived from the input (or since a reopen attempt).</param>
/// <param name="ReopenOverdueMs">While the input is being reopened: milliseconds past the next attempt's due time
/// (negative: still ahead); null while audio flows.</param>
/// <param name="PipelineAgeMs">Milliseconds since the pipeline last finished a chunk of audio.</param>
/// <param name="DroppedSinceLastCheck">Live audio chunks dropped since the previous check because the pipeline was
/// a whole queue behind.</param>
public readonly record struct Liveness(long CaptureAgeMs, long? ReopenOverdueMs, long PipelineAgeMs, long DroppedSinceLastCheck);

/// <summary>A watchdog decision: ping or not, and why (for the log).</summary>
public readonly record struct WatchdogVerdict(bool Feed, string Reason);

/// <summary>
/// When the systemd watchdog (<c>WatchdogSec=</c>) is fed: only while audio arrives AND the pipeline keeps up with
/// it. Audio arrives: the input delivered within the timeout. Keeps up: the pipeline finished a chunk within the
/// timeout and no live chunk was dropped since the last check (a pipeline slower than real time drops at every
/// check, so the pings stop and systemd restarts it). An input that vanished and is being reopened on schedule is not
/// a hang: it is fed while the reopen loop keeps its own schedule (an attempt not overdue by a whole timeout).
/// </summary>
public static class WatchdogRule
{
    public static WatchdogVerdict Judge(Liveness s, TimeSpan timeout)
    {
        var limit = (long)timeout.TotalMilliseconds;
        if (s.ReopenOverdueMs is { } overdue)
        {
            return overdue < limit
                ? new(true, "input being reopened")
                : new(false, Format("the input reopen attempt is {0:0.#} s overdue", overdue));
        }

        if (s.CaptureAgeMs >= limit)
        {
            return new(false, Format("no audio from the input for {0:0.#} s", s.CaptureAgeMs));
        }

        if (s.PipelineAgeMs >= limit)
        {
            return new(false, Format("the pipeline processed nothing for {0:0.#} s while audio arrives", s.PipelineAgeMs));
        }

        return s.DroppedSinceLastCheck > 0
            ? new(false, string.Create(CultureInfo.InvariantCulture, $"the pipeline falls behind live audio ({s.DroppedSinceLastCheck} chunks dropped since the last check)"))
            : new(true, "audio arrives and the pipeline keeps up");
    }

    private static string Format(string template, long ms) => string.Format(CultureInfo.InvariantCulture, template, ms / 1000.0);
}
