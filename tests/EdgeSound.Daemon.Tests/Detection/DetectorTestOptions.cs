using EdgeSound.Daemon.Configuration;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>
/// The detector settings the event and clock tests reason about: a window every 0.5 s, no smoothing, onset 0.6 and
/// offset 0.4, events of 0.5-10 s, no cooldown, gate at -60 dBFS.
/// </summary>
internal static class DetectorTestOptions
{
    public const double Hop = 0.5;

    public static DetectionOptions Create() => new()
    {
        HopSeconds = Hop,
        SmoothingWindows = 1,
        Threshold = 0.6,
        OffsetThreshold = 0.4,
        MinDurationSeconds = 0.5,
        MaxDurationSeconds = 10,
        CooldownSeconds = 0,
        GateDbfs = -60,
    };
}
