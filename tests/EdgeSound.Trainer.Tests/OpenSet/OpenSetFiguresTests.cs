using EdgeSound.Trainer.OpenSet;
using Xunit;

namespace EdgeSound.Trainer.Tests.OpenSet;

/// <summary>
/// A rate over nothing (no unseen clips in <c>--check</c>, no known ones) is undefined: null in the JSON report and
/// n/a in the text, not 0, which would read as "detects nothing" (or "never wrong").
/// </summary>
public sealed class OpenSetFiguresTests
{
    [Fact]
    public void Rates_over_no_clips_or_windows_are_null_in_json_and_na_in_text()
    {
        var onlyKnown = new OpenSetFigures(KnownClips: 4, FalseUnknownClips: 1, KnownWindows: 20, FalseUnknownWindows: 2,
            UnseenClips: 0, DetectedClips: 0, UnseenWindows: 0, DetectedWindows: 0);

        var json = onlyKnown.ToJson(double.NaN);
        Assert.Equal(0.25, (double)json["false_unknown_clip_rate"]!);
        Assert.Equal(0.1, (double)json["false_unknown_window_rate"]!);
        Assert.Null(json["detection_clip_rate"]);
        Assert.Null(json["detection_window_rate"]);
        Assert.True(json.ContainsKey("detection_clip_rate"));
        Assert.Null(json["window_auroc"]);

        string text = onlyKnown.Describe("centroid", double.NaN);
        Assert.Contains("known: 1/4 clips (25.0%), 2/20 windows (10.0%) called unknown", text, StringComparison.Ordinal);
        Assert.Contains("unseen: 0/0 clips (n/a), 0/0 windows (n/a) called unknown", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rates_over_clips_are_shares_and_the_auroc_is_given_when_defined()
    {
        var both = new OpenSetFigures(4, 0, 20, 0, 5, 2, 10, 4);
        Assert.Equal(0.0, (double)both.ToJson(0.75)["false_unknown_clip_rate"]!);
        Assert.Equal(0.4, (double)both.ToJson(0.75)["detection_clip_rate"]!);
        Assert.Equal(0.75, (double)both.ToJson(0.75)["window_auroc"]!);
        Assert.EndsWith("unseen: 2/5 clips (40.0%), 4/10 windows (40.0%) called unknown; window AUROC 0.750", both.Describe("max_score", 0.75), StringComparison.Ordinal);
    }
}
