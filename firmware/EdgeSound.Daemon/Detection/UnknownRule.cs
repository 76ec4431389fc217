using EdgeSound.Inference;

namespace EdgeSound.Daemon.Detection;

/// <summary>
/// When the detector raises an <c>unknown</c> event: the model's open-set rule holds for at least <paramref name="MinWindows"/>
/// consecutive windows, each at least <paramref name="MinLevelDbfs"/> loud (RMS, dBFS).
/// </summary>
public sealed record UnknownRule(OpenSetRule OpenSet, int MinWindows, double MinLevelDbfs)
{
    /// <summary>The label of unknown-sound events in the event JSON, MQTT and Home Assistant.</summary>
    public const string Label = ModelLabels.Unknown;
}
