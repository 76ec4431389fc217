namespace EdgeSound.Daemon.Levels;

/// <summary>
/// Class occupancy of one wall-clock minute: <see cref="ObservedSeconds"/> of it were analysed, and each label in
/// <see cref="ActiveSeconds"/> was active for that many of them (labels never active are absent).
/// </summary>
public sealed record MinuteOccupancy(DateTimeOffset Start, double ObservedSeconds, IReadOnlyDictionary<string, double> ActiveSeconds)
{
    /// <summary>The share (0..1) of the observed time during which <paramref name="label"/> was active.</summary>
    public double Share(string label) =>
        ObservedSeconds > 0 && ActiveSeconds.TryGetValue(label, out var s) ? Math.Min(1, s / ObservedSeconds) : 0;
}
