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
    /// <summary>Share of known clips called unknown (0 when there is none).</summary>
    public double FalseUnknownClipRate => Rate(FalseUnknownClips, KnownClips);

    /// <summary>Share of known clips' loud windows called unknown.</summary>
    public double FalseUnknownWindowRate => Rate(FalseUnknownWindows, KnownWindows);

    /// <summary>Share of unseen clips called unknown.</summary>
    public double DetectionClipRate => Rate(DetectedClips, UnseenClips);

    /// <summary>Share of unseen clips' loud windows called unknown.</summary>
    public double DetectionWindowRate => Rate(DetectedWindows, UnseenWindows);

    private static double Rate(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
