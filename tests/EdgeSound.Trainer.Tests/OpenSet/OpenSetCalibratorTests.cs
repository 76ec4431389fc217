using EdgeSound.Inference;
using EdgeSound.Trainer.OpenSet;
using Xunit;

namespace EdgeSound.Trainer.Tests.OpenSet;

/// <summary>
/// The open-set calibration on windows made in code: three classes whose windows score their own label high, and a class
/// the model never learned whose windows spread their scores. Fitted on the training clips, the rule calls the left-out
/// class unknown and keeps the known ones, for both methods; thresholds follow the quantile; quiet windows do not count.
/// </summary>
public sealed class OpenSetCalibratorTests
{
    private static readonly string[] Labels = ["bark", "bell", "drill"];

    /// <summary>Clips of 6 windows: a known label scores 0.8-0.95 on its class (the rest split 30-70% between the others);
    /// "hum" (left out) spreads 0.25-0.45 over all three.</summary>
    private static List<ScoredClip> Clips(string label, int count, Random rng, double levelDbfs = -20)
    {
        var clips = new List<ScoredClip>();
        for (int n = 0; n < count; n++)
        {
            var windows = new List<ScoredWindow>();
            for (int w = 0; w < 6; w++)
            {
                var scores = new float[3];
                int own = Array.IndexOf(Labels, label);
                if (own >= 0)
                {
                    scores[own] = (float)(0.8 + 0.15 * rng.NextDouble());
                    float rest = 1 - scores[own];
                    float split = (float)(0.3 + 0.4 * rng.NextDouble());
                    scores[(own + 1) % 3] = rest * split;
                    scores[(own + 2) % 3] = rest * (1 - split);
                }
                else
                {
                    float a = (float)(0.25 + 0.2 * rng.NextDouble()), b = (float)(0.25 + 0.2 * rng.NextDouble());
                    (scores[0], scores[1], scores[2]) = (a, b, 1 - a - b);
                }

                windows.Add(new ScoredWindow(32 * w, levelDbfs, scores, []));
            }

            clips.Add(new ScoredClip($"{label}{n}.wav", label, windows));
        }

        return clips;
    }

    [Theory]
    [InlineData(OpenSetMethod.CentroidDistance)]
    [InlineData(OpenSetMethod.MaxScore)]
    public void A_class_left_out_of_training_is_flagged_and_known_ones_are_not(OpenSetMethod method)
    {
        var rng = new Random(11);
        List<ScoredClip> training = [.. Labels.SelectMany(l => Clips(l, 10, rng))];
        List<ScoredClip> held = [.. Labels.SelectMany(l => Clips(l, 5, rng)), .. Clips("hum", 5, rng)];

        OpenSetRule rule = OpenSetCalibrator.Fit(Labels, training, method, 0.99, -50);
        OpenSetFigures f = OpenSetCheck.Measure(rule, held, minWindows: 2, gateDbfs: -50, hopFrames: 32);

        Assert.Equal(method, rule.Method);
        Assert.Equal((15, 5), (f.KnownClips, f.UnseenClips));
        Assert.Equal(0, f.FalseUnknownClips);
        Assert.True(f.FalseUnknownWindowRate <= 0.05, $"{f.FalseUnknownWindows} of {f.KnownWindows} known windows unknown");
        Assert.Equal(5, f.DetectedClips);
        Assert.Equal(30, f.DetectedWindows);
    }

    [Fact]
    public void Centroids_are_the_mean_embeddings_and_thresholds_the_quantile_of_each_top_class()
    {
        var rng = new Random(5);
        List<ScoredClip> training = [.. Labels.SelectMany(l => Clips(l, 10, rng))];

        OpenSetRule median = OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.CentroidDistance, 0.5, -50);
        OpenSetRule all = OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.CentroidDistance, 1.0, -50);

        var embedding = new float[3];
        var sum = new double[3];
        foreach (ScoredWindow w in training.Where(c => c.Label == "bell").SelectMany(c => c.Windows))
        {
            OpenSetRule.Embed(w.Scores, embedding);
            for (int i = 0; i < 3; i++)
            {
                sum[i] += embedding[i];
            }
        }

        Assert.Equal(sum.Select(v => v / 60), median.Centroid(1).ToArray().Select(v => (double)v), new ToleranceComparer(1e-5));
        double[] bellNovelty = [.. training.SelectMany(c => c.Windows).Select(w => (all.Novelty(w.Scores, out int top), top)).Where(t => t.top == 1).Select(t => t.Item1)];
        Assert.Equal(60, bellNovelty.Length);
        Assert.Equal(bellNovelty.Max(), all.Thresholds[1], 6);
        Assert.Equal(OpenSetCalibrator.Quantile(bellNovelty, 0.5), median.Thresholds[1], 6);
        Assert.True(median.Thresholds[1] < all.Thresholds[1]);
    }

    [Fact]
    public void Quantile_interpolates_between_order_statistics()
    {
        Assert.Equal(2.5, OpenSetCalibrator.Quantile([4, 1, 3, 2], 0.5), 10);
        Assert.Equal(3.7, OpenSetCalibrator.Quantile([4, 1, 3, 2], 0.9), 10);
        Assert.Equal(4, OpenSetCalibrator.Quantile([4, 1, 3, 2], 1), 10);
    }

    [Fact]
    public void Quiet_windows_are_left_out_and_a_class_with_none_loud_is_refused_by_name()
    {
        var rng = new Random(2);
        List<ScoredClip> training = [.. Clips("bark", 4, rng), .. Clips("bell", 4, rng), .. Clips("drill", 4, rng, levelDbfs: -70)];

        var e = Assert.Throws<ArgumentException>(() => OpenSetCalibrator.Fit(Labels, training, OpenSetMethod.CentroidDistance, 0.99, -50));

        Assert.Contains("'drill'", e.Message, StringComparison.Ordinal);
        Assert.Contains("-50 dBFS", e.Message, StringComparison.Ordinal);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
