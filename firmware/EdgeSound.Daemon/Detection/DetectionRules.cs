using EdgeSound.Daemon.Configuration;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Detection;

/// <summary>The detection rule of one label, with the defaults already applied.</summary>
public sealed record ClassRule(bool Enabled, float Onset, float Offset, double MinDurationSeconds, double CooldownSeconds, QuietHours? Quiet);

/// <summary>Everything the <see cref="EventDetector"/> needs, resolved from options and the model's labels.</summary>
public sealed record DetectionRules(
    IReadOnlyList<string> Labels,
    IReadOnlyList<ClassRule> Classes,
    int SmoothingWindows,
    double HopSeconds,
    double MaxDurationSeconds,
    double GateDbfs,
    bool ReportAtOnset = false,
    bool TopLabelOnly = false)
{
    /// <summary>When <c>unknown</c> events are raised; null: never.</summary>
    public UnknownRule? Unknown { get; init; }

    /// <summary>
    /// Resolves per-label rules: include/exclude lists, per-class overrides over the defaults. A label's onset
    /// threshold is, first to last: <c>detection:classes:&lt;label&gt;:threshold</c>, the model's calibrated threshold
    /// (<paramref name="modelThresholds"/>), <c>detection:threshold</c>. <c>unknown</c> events need the model's open-set rule
    /// (<paramref name="openSet"/>), <c>detection:unknown:enabled</c>, and the label <c>unknown</c> allowed by include/exclude.
    /// A model's <see cref="ModelLabels.Background"/> class (a retrained model's "nothing is happening") never raises
    /// events, whatever the lists say.
    /// </summary>
    public static DetectionRules From(DetectionOptions o, IReadOnlyList<string> labels, IReadOnlyDictionary<string, double>? modelThresholds = null,
        OpenSetRule? openSet = null)
    {
        var include = new HashSet<string>(o.Include, StringComparer.Ordinal);
        var exclude = new HashSet<string>(o.Exclude, StringComparer.Ordinal);
        var rules = new ClassRule[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            o.Classes.TryGetValue(label, out var c);
            var onset = c?.Threshold ?? (modelThresholds is not null && modelThresholds.TryGetValue(label, out var m) ? m : o.Threshold);
            var offset = c?.OffsetThreshold ?? Math.Min(o.OffsetThreshold, onset);
            QuietHours? quiet = c?.QuietHours is { Length: > 0 } q && QuietHours.TryParse(q, out var h) ? h : null;
            var enabled = (include.Count == 0 || include.Contains(label)) && !exclude.Contains(label) && label != ModelLabels.Background;
            rules[i] = new ClassRule(enabled, (float)onset, (float)offset, c?.MinDurationSeconds ?? o.MinDurationSeconds,
                c?.CooldownSeconds ?? o.CooldownSeconds, quiet);
        }

        var unknown = openSet is not null && o.Unknown.Enabled
            && (include.Count == 0 || include.Contains(UnknownRule.Label)) && !exclude.Contains(UnknownRule.Label)
            ? new UnknownRule(openSet, o.Unknown.MinWindows, o.Unknown.MinLevelDbfs)
            : null;
        return new DetectionRules(labels, rules, o.SmoothingWindows, o.HopSeconds, o.MaxDurationSeconds, o.GateDbfs, o.ReportAt == "onset", o.TopLabelOnly)
        {
            Unknown = unknown,
        };
    }
}
