using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Features;
using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

public sealed class Esc50DatasetTests
{
    [Fact]
    public void ParsesRowsAndLabelsByTarget()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Dataset.Open(f.Dir);
        Assert.Equal(5, ds.Clips.Count);
        Assert.Equal(["dog", "rooster"], ds.Labels);
        Assert.Equal(new Esc50Clip("1-2-A-1.wav", 1, 1, "rooster", false), ds.Clips[1]);
        Assert.Equal(["2-3-A-0.wav", "2-4-A-1.wav"], ds.InFolds(new HashSet<int> { 2 }).Select(c => c.FileName));
        Assert.Equal(Path.Combine(f.Dir, "audio", "1-1-A-0.wav"), ds.AudioPath(ds.Clips[0]));
    }

    [Fact]
    public void MissingHeaderColumnNamesFileAndColumn()
    {
        using var f = new Esc50Fixture();
        f.WriteCsv("filename,fold,category,esc10", "1-1-A-0.wav,1,dog,True");
        var e = Assert.Throws<InvalidDataException>(() => Esc50Dataset.Open(f.Dir));
        Assert.StartsWith(f.CsvPath, e.Message);
        Assert.Contains("'target'", e.Message);
    }

    [Fact]
    public void MissingCsvAndBadValuesAreNamed()
    {
        using var f = new Esc50Fixture();
        var missing = Assert.Throws<FileNotFoundException>(() => Esc50Dataset.Open(f.Dir));
        Assert.Contains("esc50.csv", missing.Message);
        f.WriteCsv(Esc50Fixture.Header, "1-1-A-0.wav,one,0,dog,True,1,A");
        var bad = Assert.Throws<InvalidDataException>(() => Esc50Dataset.Open(f.Dir));
        Assert.Contains("line 2", bad.Message);
        Assert.Contains("fold 'one'", bad.Message);
        f.WriteCsv(Esc50Fixture.Header, "a.wav,1,0,dog,True,1,A", "b.wav,1,0,cat,True,1,A");
        Assert.Contains("target 0", Assert.Throws<InvalidDataException>(() => Esc50Dataset.Open(f.Dir)).Message);
        f.WriteCsv(Esc50Fixture.Header, "a.wav,1,0,dog,True,1,A", "b.wav,2,0,dog,True,2,A", "a.wav,3,0,dog,True,1,A");
        Assert.EndsWith("line 4: a.wav is already listed on line 2 (one clip in two rows would count twice, or leak between folds)",
            Assert.Throws<InvalidDataException>(() => Esc50Dataset.Open(f.Dir)).Message);
    }

    [Fact]
    public void LoadsAndResamplesTo16k()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Dataset.Open(f.Dir);
        Assert.Equal(8000, ds.LoadMono16k(ds.Clips[0]).Length);
        Assert.Equal(8000, ds.LoadMono16k(ds.Clips[1]).Length);
        Assert.Equal(8000, ds.LoadMono16k(ds.Clips[2]).Length);
    }

    [Fact]
    public void MissingAudioFileIsNamed()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Dataset.Open(f.Dir);
        var e = Assert.Throws<FileNotFoundException>(() => ds.LoadMono16k(ds.Clips[4]));
        Assert.StartsWith(ds.AudioPath(ds.Clips[4]), e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void LoadAllCollectsEveryFailureAndReportsProgress()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Dataset.Open(f.Dir);
        var seen = new List<int>();
        var progress = new SynchronousProgress(seen);
        var (loaded, failures) = ds.LoadAll(ds.Clips, progress);
        Assert.Equal(["1-1-A-0.wav", "1-2-A-1.wav", "2-3-A-0.wav"], loaded.Select(l => l.Clip.FileName));
        Assert.All(loaded, l => Assert.Equal(8000, l.Samples.Length));
        Assert.Equal(2, failures.Count);
        Assert.Equal(ds.AudioPath(ds.Clips[3]), failures[0].File);
        Assert.Contains("missing fmt chunk", failures[0].Message);
        Assert.Equal(ds.AudioPath(ds.Clips[4]), failures[1].File);
        Assert.Contains("missing", failures[1].Message);
        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Max());
    }

    [Fact]
    public void FeaturesTableSkipsFailuresAndKeepsOrder()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Layout.Open(f.Dir);
        var seen = new List<int>();
        FeatureTable table = DatasetFeatures.Extract(ds, ds.Items, AnalysisFeatureOptions.Default, new SynchronousProgress(seen));
        Assert.Equal(["1-1-A-0.wav", "1-2-A-1.wav", "2-3-A-0.wav"], table.FileNames);
        Assert.Equal([1, 1, 2], table.Folds);
        Assert.Equal([0, 1, 0], table.Targets);
        Assert.Equal(new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default).FeatureNames, table.FeatureNames);
        Assert.All(table.Rows, r => Assert.Equal(table.FeatureNames.Length, r.Length));
        Assert.Equal(2, table.Failures.Count);
        Assert.Equal(5, seen.Count);
        int centroid = Array.IndexOf(table.FeatureNames, "centroid_mean");
        Assert.InRange(table.Rows[0][centroid], 450, 550);
        Assert.InRange(table.Rows[1][centroid], 950, 1050);

        var csv = new StringWriter();
        table.WriteCsv(csv);
        string[] lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("filename,fold,target,mfcc_00_mean,", lines[0]);
        Assert.StartsWith("1-2-A-1.wav,1,1,", lines[2]);
        Assert.Equal(3 + table.FeatureNames.Length, lines[1].Split(',').Length);
    }

    [Fact]
    public void FeaturesRejectOptionsAtAnotherRate()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Layout.Open(f.Dir);
        Assert.Throws<ArgumentException>(() => DatasetFeatures.Extract(ds, ds.Items, AnalysisFeatureOptions.Default with { SampleRate = 22050 }, null));
    }

    [Fact]
    public void CorruptFileErrorIsAWavFormatException()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        var ds = Esc50Dataset.Open(f.Dir);
        Assert.Throws<WavFormatException>(() => ds.LoadMono16k(ds.Clips[3]));
    }

    private sealed class SynchronousProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
