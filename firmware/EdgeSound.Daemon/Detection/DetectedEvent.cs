namespace EdgeSound.Daemon.Detection;

/// <summary>
/// One detected sound event. <see cref="StartSeconds"/> and <see cref="EndSeconds"/> count from the start of the
/// input; <see cref="Time"/> is the wall-clock time of its start; <see cref="Score"/> is the peak smoothed score.
/// </summary>
public sealed record DetectedEvent(DateTimeOffset Time, string Label, double Score, double StartSeconds, double EndSeconds, double LevelDbfs)
{
    /// <summary>Id of the event's clip when one is kept (<c>clips:enabled</c>), else null.</summary>
    public string? Clip { get; init; }
}
