using EdgeSound.Daemon.Configuration;

namespace EdgeSound.Daemon.Cues;

/// <summary>What the cue player did with one event.</summary>
public enum CueDecision
{
    /// <summary>The cue plays.</summary>
    Play,

    /// <summary><c>cues:enabled</c> is false.</summary>
    Disabled,

    /// <summary>The label has no cue.</summary>
    NoCue,

    /// <summary>The mute button was pressed (<c>gpio:mute_s</c> not yet over).</summary>
    Muted,

    /// <summary>The local time lies in <c>cues:quiet_hours</c>.</summary>
    QuietHours,

    /// <summary>Another cue played less than <c>cues:rate_limit_s</c> ago.</summary>
    RateLimited,

    /// <summary>A cue of the same label played less than <c>cues:classes:&lt;label&gt;:rate_limit_s</c> ago.</summary>
    ClassRateLimited,
}

/// <summary>
/// Decides whether an event's cue plays, in this order: enabled, has a cue, muted, quiet hours (local time of
/// <paramref name="clock"/>), the global then the per-label rate limit. Only a cue that plays starts the rate-limit
/// spans, which are measured on the clock's timestamps, not its wall clock: a wall clock stepped back (NTP, an
/// operator) would otherwise hold every cue back for as long as the step. Not thread-safe: the cue player's one
/// thread calls it.
/// </summary>
public sealed class CuePolicy(CueOptions options, TimeProvider clock)
{
    private readonly QuietHours? _quiet = options.QuietHours is { Length: > 0 } q && QuietHours.TryParse(q, out var h) ? h : null;
    private readonly Dictionary<string, long> _lastByLabel = new(StringComparer.Ordinal);
    private long? _last;

    /// <summary>Decides for an event of <paramref name="label"/> now; <see cref="CueDecision.Play"/> records the play.</summary>
    public CueDecision Decide(string label, bool hasCue, bool muted)
    {
        if (!options.Enabled)
        {
            return CueDecision.Disabled;
        }

        if (!hasCue)
        {
            return CueDecision.NoCue;
        }

        if (muted)
        {
            return CueDecision.Muted;
        }

        if (_quiet is { } quiet && quiet.Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone).DateTime)))
        {
            return CueDecision.QuietHours;
        }

        var now = clock.GetTimestamp();
        if (_last is { } last && clock.GetElapsedTime(last, now) < TimeSpan.FromSeconds(options.RateLimitSeconds))
        {
            return CueDecision.RateLimited;
        }

        var perLabel = options.Classes.TryGetValue(label, out var c) ? c.RateLimitSeconds : 0;
        if (_lastByLabel.TryGetValue(label, out var lastOfLabel) && clock.GetElapsedTime(lastOfLabel, now) < TimeSpan.FromSeconds(perLabel))
        {
            return CueDecision.ClassRateLimited;
        }

        _last = now;
        _lastByLabel[label] = now;
        return CueDecision.Play;
    }
}
