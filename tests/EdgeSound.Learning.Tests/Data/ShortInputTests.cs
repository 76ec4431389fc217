using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>
/// Input too short to give the frontend one frame (512 samples, 32 ms at 16 kHz), and label tracks that hold no label:
/// each is listed naming the file (and span) and why, never loaded as a clip of no frames nor dropped unsaid.
/// </summary>
public sealed class ShortInputTests
{
    private static readonly double FrameSeconds = (double)FrontendConfig.Default.WindowSamples / DatasetAudio.SampleRate;

    [Fact]
    public void A_clip_shorter_than_one_frame_is_listed_when_loaded_and_one_frame_long_loads()
    {
        using var f = new DatasetFolder();
        string tiny = f.Tone("dog/tiny.wav", seconds: 0.01, rate: 44100);
        f.Tone("dog/frame.wav", seconds: FrameSeconds);
        f.Tone("cat/c.wav");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult result = DatasetAudio.LoadAll(ds.Items, threads: 1);

        Assert.Equal(["cat/c.wav", "dog/frame.wav"], result.Loaded.Select(l => l.Item.Name.Replace('\\', '/')));
        DatasetProblem failure = Assert.Single(result.Failures);
        Assert.Equal("dog/tiny.wav", failure.File.Replace('\\', '/'));
        Assert.StartsWith(tiny, failure.Reason, StringComparison.Ordinal);
        Assert.Contains("shorter than one frontend frame", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_track_span_shorter_than_one_frame_is_listed_naming_the_span()
    {
        using var f = new DatasetFolder();
        string wav = f.Tone("rec.wav", seconds: 2);
        f.Text("rec.txt", "0.100000\t0.110000\tknock", "0.500000\t1.500000\tknock");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult result = DatasetAudio.LoadAll(ds.Items, threads: 1);

        Assert.Equal(["rec.wav@0.5-1.5"], result.Loaded.Select(l => l.Item.Name));
        DatasetProblem failure = Assert.Single(result.Failures);
        Assert.Equal("rec.wav@0.1-0.11", failure.File);
        Assert.StartsWith($"{wav}: span 0.1-0.11 s", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("shorter than one frontend frame", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_label_track_is_listed_naming_it()
    {
        using var f = new DatasetFolder();
        f.Tone("a.wav");
        f.Text("a.txt", "0.000000\t0.400000\tknock");
        f.Tone("b.wav");
        string empty = f.Text("b.txt");
        f.Tone("c.wav");
        string onlyRanges = f.Text("c.txt", "\\\t100.0\t2000.0", "   ");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Equal(["a.wav@0-0.4"], ds.Items.Select(i => i.Name));
        Assert.Equal([empty, onlyRanges], ds.Problems.Select(p => p.File));
        Assert.All(ds.Problems, p => Assert.Contains("holds no label", p.Reason, StringComparison.Ordinal));
    }
}
