using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Clips;

/// <summary>
/// One event's clip on its way to the disk: the event (carrying the clip id), 16 kHz int16 PCM starting at
/// <see cref="ClipStartSeconds"/> (seconds from the input start, pre-roll included) and the scores of the event's windows.
/// </summary>
public sealed record EventClip(string Id, DetectedEvent Event, short[] Samples, int SampleRate, double ClipStartSeconds, IReadOnlyList<WindowScores> Windows)
{
    public double ClipEndSeconds => ClipStartSeconds + (Samples.Length / (double)SampleRate);
}
