using EdgeSound.Dsp.Frontend;
using EdgeSound.Trainer.Commands;
using Xunit;

namespace EdgeSound.Trainer.Tests.FrontendCsv;

public sealed class FrameCsvTests
{
    [Fact]
    public void HeaderNamesEachBandByIndexAndCentreFrequency()
    {
        string[] header = FrameCsv.Header(FrontendConfig.Default);
        Assert.Equal(64, header.Length);
        Assert.Equal("mel_00_89Hz", header[0]);                     // first centre: mel(60) + one step = 88.8 Hz
        Assert.StartsWith("mel_63_", header[63]);
        Assert.EndsWith("Hz", header[63]);
        Assert.Equal(header.Length, header.Distinct().Count());
    }

    [Fact]
    public void WritesOneRowOfInt8ValuesPerFrame()
    {
        var config = FrontendConfig.Default with { MelBands = 3, FftSize = 256, WindowSamples = 256, HopSamples = 128 };
        var frames = new FrameMatrix(2, 3, [-128, 0, 127, 5, -7, 12]);
        var text = new StringWriter();
        FrameCsv.Write(text, frames, config);
        string[] lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(3, lines[0].Split(',').Length);
        Assert.StartsWith("mel_00_", lines[0]);
        Assert.Equal("-128,0,127", lines[1]);
        Assert.Equal("5,-7,12", lines[2]);
        Assert.Throws<ArgumentException>(() => FrameCsv.Write(new StringWriter(), new FrameMatrix(1, 2, [1, 2]), config));
    }
}
