using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Tells the outputs that act on an alert (the GPIO LED and buzzer, cue playback) about each event once the alert
/// stage has stored it. Handlers run on the alert stage's thread and must return at once (they hand the event to
/// their own queue).
/// </summary>
public sealed class AlertFeed
{
    /// <summary>Raised for each event after it was stored.</summary>
    public event Action<DetectedEvent>? Alerted;

    /// <summary>Raises <see cref="Alerted"/> for <paramref name="e"/>.</summary>
    public void Publish(DetectedEvent e) => Alerted?.Invoke(e);
}
