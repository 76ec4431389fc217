using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeSound.Trainer.OpenSet;

/// <summary>
/// How an open-set rule does on labelled clips: known clips (a label of the model) should stay known, unseen ones (any
/// other label) should be called unknown. Window counts are of loud windows (at or above the gate); a clip counts as
/// unknown when the daemon would raise an <c>unknown</c> event on it (a run of <c>min_windows</c> unknown windows).
/// </summary>
public sealed record OpenSetFigures(
    int KnownClips, int FalseUnknownClips, int KnownWindows, int FalseUnknownWindows,
    int UnseenClips, int DetectedClips, int UnseenWindows, int DetectedWindows)
{
    /// <summary>Share of known clips called unknown; null when there is no known clip.</summary>
    public double? FalseUnknownClipRate => Rate(FalseUnknownClips, KnownClips);

    /// <summary>Share of known clips' loud windows called unknown; null without such windows.</summary>
    public double? FalseUnknownWindowRate => Rate(FalseUnknownWindows, KnownWindows);

    /// <summary>Share of unseen clips called unknown; null when there is no unseen clip.</summary>
    public double? DetectionClipRate => Rate(DetectedClips, UnseenClips);

    /// <summary>Share of unseen clips' loud windows called unknown; null without such windows.</summary>
    public double? DetectionWindowRate => Rate(DetectedWindows, UnseenWindows);

    /// <summary>The figures as <c>openset --json</c> reports them; a rate over nothing and an undefined (NaN) AUROC are null.</summary>
    public JsonObject ToJson(double windowAuroc) => new()
    {
        ["window_auroc"] = double.IsNaN(windowAuroc) ? null : Math.Round(windowAuroc, 4),
        ["known_clips"] = KnownClips,
        ["false_unknown_clip_rate"] = Rounded(FalseUnknownClipRate),
        ["known_windows"] = KnownWindows,
        ["false_unknown_window_rate"] = Rounded(FalseUnknownWindowRate),
        ["unseen_clips"] = UnseenClips,
        ["detection_clip_rate"] = Rounded(DetectionClipRate),
        ["unseen_windows"] = UnseenWindows,
        ["detection_window_rate"] = Rounded(DetectionWindowRate),
    };

    /// <summary>One line for <paramref name="method"/>: counts and percentages (n/a over nothing), and the AUROC when defined.</summary>
    public string Describe(string method, double windowAuroc) => string.Create(CultureInfo.InvariantCulture,
        $"{method,-17} known: {FalseUnknownClips}/{KnownClips} clips ({Percent(FalseUnknownClipRate)}), {FalseUnknownWindows}/{KnownWindows} windows ({Percent(FalseUnknownWindowRate)}) called unknown; unseen: {DetectedClips}/{UnseenClips} clips ({Percent(DetectionClipRate)}), {DetectedWindows}/{UnseenWindows} windows ({Percent(DetectionWindowRate)}) called unknown{(double.IsNaN(windowAuroc) ? "" : $"; window AUROC {windowAuroc:0.000}")}");

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static double? Rounded(double? rate) => rate is { } r ? Math.Round(r, 4) : null;

    private static string Percent(double? rate) => rate is { } r ? (100 * r).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
