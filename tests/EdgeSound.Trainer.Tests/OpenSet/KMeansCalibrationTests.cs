using EdgeSound.Inference;
using EdgeSound.Trainer.OpenSet;
using Xunit;

namespace EdgeSound.Trainer.Tests.OpenSet;

/// <summary>
/// The kmeans open-set method calibrated on int8 windows made in code (4 bands x 8 frames): each known class is loud in its
/// own band, the left-out class in a band no known class uses; the scores say nothing (always the first class, confident),
/// so only the window can tell. Fitted on the training clips, the rule calls the left-out class unknown and keeps the
/// known ones; the window AUROC separates them completely.
/// </summary>
public sealed class KMeansCalibrationTests
{
    private const int Bands = 4;
    private const int Frames = 8;
    private static readonly string[] Labels = ["bark", "bell", "drill"];

    /// <summary>Clips of 6 windows: label bark, bell, drill are loud (60 +- 8) in band 0, 1, 3; "hum" (left out) in band 2; other bands at -100 +- 8.</summary>
    private static List<ScoredClip> Clips(string label, int count, Random rng)
    {
        int loud = label switch { "bark" => 0, "bell" => 1, "drill" => 3, _ => 2 };
        var clips = new List<ScoredClip>();
        for (int n = 0; n < count; n++)
        {
            var windows = new List<ScoredWindow>();
            for (int w = 0; w < 6; w++)
            {
                var window = new sbyte[Frames * Bands];
                for (int i = 0; i < window.Length; i++)
                {
                    window[i] = (sbyte)((i % Bands == loud ? 60 : -100) + rng.Next(-8, 9));
                }

                windows.Add(new ScoredWindow(32 * w, -20, [0.9f, 0.05f, 0.05f], window));
            }

            clips.Add(new ScoredClip($"{label}{n}.wav", label, windows));
        }

        return clips;
    }

    [Fact]
    public void A_class_loud_in_a_band_no_training_window_uses_is_flagged_and_known_ones_are_not()
    {
        var rng = new Random(3);
        List<ScoredClip> training = [.. Labels.SelectMany(l => Clips(l, 10, rng))];
        List<ScoredClip> held = [.. Labels.SelectMany(l => Clips(l, 5, rng)), .. Clips("hum", 5, rng)];

        OpenSetRule rule = OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.KMeans, 0.99, -50, clusters: 3, bands: Bands);
        OpenSetFigures f = OpenSetCheck.Measure(rule, held, minWindows: 2, gateDbfs: -50, hopFrames: 32);

        KMeansAnomaly kmeans = Assert.IsType<KMeansAnomaly>(rule.KMeans);
        Assert.Equal(3, kmeans.Clusters);
        Assert.Equal(0, f.FalseUnknownClips);
        Assert.True(f.FalseUnknownWindowRate <= 0.05, $"{f.FalseUnknownWindows} of {f.KnownWindows} known windows unknown");
        Assert.Equal((5, 30), (f.DetectedClips, f.DetectedWindows));
        Assert.Equal(1.0, OpenSetCheck.WindowAuroc(rule, held, -50));
    }

    [Fact]
    public void Centroid_or_kmeans_flags_what_either_flags()
    {
        var rng = new Random(4);
        List<ScoredClip> training = [.. Labels.SelectMany(l => Clips(l, 10, rng))];
        List<ScoredClip> held = [.. Labels.SelectMany(l => Clips(l, 5, rng)), .. Clips("hum", 5, rng)];
        OpenSetRule kmeans = OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.KMeans, 0.99, -50, clusters: 3, bands: Bands);
        OpenSetRule centroid = OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.CentroidDistance, 0.99, -50);

        OpenSetFigures either = OpenSetCheck.Measure([centroid, kmeans], held, minWindows: 2, gateDbfs: -50, hopFrames: 32);
        OpenSetFigures scoresOnly = OpenSetCheck.Measure(centroid, held, minWindows: 2, gateDbfs: -50, hopFrames: 32);

        Assert.Equal(0, scoresOnly.DetectedWindows);
        Assert.Equal(30, either.DetectedWindows);
    }

    [Fact]
    public void Fewer_windows_than_clusters_are_refused()
    {
        List<ScoredClip> training = [.. Labels.SelectMany(l => Clips(l, 1, new Random(1)))];
        var e = Assert.Throws<ArgumentException>(() => OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.KMeans, 0.99, -50, clusters: 40, bands: Bands));
        Assert.Contains("18 calibration windows cannot form 40 clusters", e.Message, StringComparison.Ordinal);
    }
}
