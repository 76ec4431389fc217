using EdgeSound.Trainer.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Analysis;

public sealed class AnalysisPartsTests
{
    [Fact]
    public void Contingency_orders_clusters_by_dominant_class_and_puts_noise_last()
    {
        int[] classOf = [0, 0, 1, 1, 2, 2, 2];
        int[] labels = [7, 7, 3, -1, 5, 5, -1];
        var (m, columns) = ReportBuilder.Contingency(classOf, 3, labels);
        Assert.Equal(["7", "3", "5", "noise"], columns);
        Assert.Equal(2, m[0, 0]);
        Assert.Equal(1, m[1, 1]);
        Assert.Equal(2, m[2, 2]);
        Assert.Equal(1, m[1, 3]);
        Assert.Equal(1, m[2, 3]);
        double total = 0;
        foreach (var v in m) total += v;
        Assert.Equal(labels.Length, total);
    }

    [Fact]
    public void Clip_features_renumber_present_targets_into_contiguous_classes()
    {
        string[] labels = ["a", "b", "c", "d", "e"];
        var data = new ClipFeatures(["x", "y", "z"], [1, 2, 1], [4, 1, 4], [true, false, true], labels, ["f"], [[1.0], [2.0], [3.0]]);
        Assert.Equal([1, 0, 1], data.ClassOf);
        Assert.Equal(["b", "e"], data.ClassNames);
        Assert.Equal([1, 4], data.ClassTargets);
        Assert.Equal([1, 2], data.FoldsPresent);
        Assert.Throws<ArgumentException>(() => new ClipFeatures(["x"], [1], [9], [false], labels, ["f"], [[1.0]]));
        Assert.Throws<ArgumentException>(() => new ClipFeatures(["x"], [1], [0], [false], labels, ["f", "g"], [[1.0]]));
    }

    [Fact]
    public void Grid_settings_parse_into_key_values()
    {
        var d = ClassifierStage.ParseSetting("C=10, gamma=0.5/features");
        Assert.Equal("10", d["C"]);
        Assert.Equal("0.5/features", d["gamma"]);
        Assert.Equal("plain", ClassifierStage.ParseSetting("plain")["setting"]);
    }

    [Fact]
    public void Stage_timer_records_stages_in_order_and_logs_them()
    {
        var log = new StringWriter();
        var timer = new StageTimer(log);
        Assert.Equal(3, timer.Run("one", () => 3));
        timer.Run("two", () => 0);
        Assert.Equal(["one", "two"], timer.Seconds.Keys);
        Assert.Equal(["one", "two"], timer.CpuSeconds.Keys);
        Assert.Contains("[two]", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_bar_writes_each_tenth_once_when_not_on_a_terminal()
    {
        var log = new StringWriter();
        var bar = new ProgressBar(log, "load", 20);
        for (int i = 1; i <= 20; i++) bar.Set(i);
        bar.Finish();
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length); // first item, then every tenth
        Assert.Contains("  5% 1/20", lines[0], StringComparison.Ordinal);
        Assert.Contains("100% 20/20", lines[^1], StringComparison.Ordinal);
    }
}
