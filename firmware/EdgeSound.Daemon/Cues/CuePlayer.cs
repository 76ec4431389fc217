using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// Plays the cue of one detected event when the <see cref="CuePolicy"/> allows it. Just before the first sample is
/// written it opens a span on the <see cref="PlaybackGate"/> from the current input position for the cue's length plus
/// <c>cues:tail_s</c>, so the pipeline does not classify the device's own cue. An output failure is logged and the
/// next cue tries again, and so is a cue the device's rate cannot carry (a note above its Nyquist frequency, when the
/// device took a lower rate than <c>cues:sample_rate</c>); neither stops the daemon.
/// </summary>
/// <param name="position">Seconds of input captured so far (the input position the cue starts at).</param>
/// <param name="muted">True while the mute button's span lasts.</param>
public sealed class CuePlayer(
    CueLibrary library,
    CuePolicy policy,
    ICueOutput output,
    PlaybackGate gate,
    double tailSeconds,
    Func<double> position,
    Func<bool> muted,
    ILogger log)
{
    /// <summary>Cues played.</summary>
    public long Played { get; private set; }

    /// <summary>Decides, and plays when the decision is <see cref="CueDecision.Play"/> (blocking until it has sounded).</summary>
    public CueDecision Handle(DetectedEvent e, CancellationToken cancel)
    {
        var pattern = library.Find(e.Label);
        var decision = policy.Decide(e.Label, pattern is not null, muted());
        if (decision != CueDecision.Play || pattern is null)
        {
            if (decision is not (CueDecision.NoCue or CueDecision.Disabled))
            {
                log.LogInformation("Cue for {Label} not played: {Decision}", e.Label, decision);
            }

            return decision;
        }

        try
        {
            output.Play(
                pattern,
                seconds =>
                {
                    gate.Open(position(), seconds + tailSeconds);
                    log.LogInformation("Cue for {Label}: {Seconds:0.00} s on {Output}", e.Label, seconds, output.Name);
                },
                cancel);
            Played++;
        }
        catch (IOException x)
        {
            log.LogWarning("Cue for {Label} failed on {Output}: {Reason}", e.Label, output.Name, x.Message);
        }
        catch (ArgumentException x)
        {
            log.LogWarning("Cue for {Label} cannot be rendered at the rate {Output} took: {Reason}", e.Label, output.Name, x.Message);
        }

        return decision;
    }
}
