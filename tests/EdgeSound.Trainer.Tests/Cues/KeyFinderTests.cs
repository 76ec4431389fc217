using EdgeSound.Dsp.Synthesis;
using EdgeSound.Trainer.Cues;
using Xunit;

namespace EdgeSound.Trainer.Tests.Cues;

public sealed class KeyFinderTests
{
    [Theory]
    [InlineData(new[] { 0, 4, 7 }, 0, Mode.Major)]
    [InlineData(new[] { 9, 0, 4 }, 9, Mode.Minor)]
    [InlineData(new[] { 7, 11, 2 }, 7, Mode.Major)]
    [InlineData(new[] { 2, 5, 9 }, 2, Mode.Minor)]
    public void TriadsNameTheirKey(int[] triad, int key, Mode mode)
    {
        var chroma = new double[12];
        foreach (int pc in triad)
        {
            chroma[pc] = 1;
        }

        chroma[triad[0]] = 1.5;
        Assert.Equal((key, mode), KeyFinder.Find(chroma));
    }

    [Fact]
    public void FlatChromaFallsBackToCMajorAndWrongSizeIsRefused()
    {
        Assert.Equal((0, Mode.Major), KeyFinder.Find(new double[12]));
        Assert.Throws<ArgumentException>(() => KeyFinder.Find(new double[11]));
    }
}
