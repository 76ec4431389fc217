using EdgeSound.Dsp.Features;
using Xunit;

namespace EdgeSound.Dsp.Tests.Features;

public sealed class FramePostProcessingTests
{
    [Fact]
    public void NonFiniteValuesBecomeTheSilentValueOnlyInTheCountedFrames()
    {
        List<float[]> frames = [[float.NaN, 1f], [2f, float.PositiveInfinity], [float.NegativeInfinity, float.NaN]];
        Assert.Equal(2, SilentFrames.ReplaceNonFinite(frames, 2));
        Assert.Equal([SilentFrames.Value, 1f], frames[0]);
        Assert.Equal([2f, SilentFrames.Value], frames[1]);
        Assert.True(float.IsNegativeInfinity(frames[2][0]));
    }

    [Fact]
    public void ChromaFramesScaleToAMaximumOfOneAndSilenceStaysZero()
    {
        List<float[]> frames = [[1f, 4f, 2f], [0f, 0f, 0f]];
        ChromaNormalization.ScaleToUnitMaximum(frames, 2);
        Assert.Equal([0.25f, 1f, 0.5f], frames[0]);
        Assert.Equal([0f, 0f, 0f], frames[1]);
    }

    [Fact]
    public void PoolingGivesMeanAndPopulationStandardDeviationOfTheChosenColumns()
    {
        List<float[]> frames = [[9f, 1f, 10f], [9f, 3f, 10f], [9f, 5f, 40f], [100f, 100f, 100f]];
        var mean = new float[2];
        var std = new float[2];
        FramePooling.MeanAndStd(frames, 3, 1, mean, std);
        Assert.Equal([3f, 20f], mean);
        Assert.Equal(MathF.Sqrt(8f / 3), std[0], 1e-6f);
        Assert.Equal(MathF.Sqrt(200f), std[1], 1e-5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => FramePooling.MeanAndStd(frames, 0, 0, mean, std));
    }

    [Fact]
    public void TopDbFloorRaisesValuesBelowTheClipMaximumMinusTopDbInTheChosenColumns()
    {
        List<float[]> frames = [[5f, -100f, 0f], [999f, -30f, -100f]];
        float floor = TopDbFloor.Apply(frames, 2, 1, 2, 80f);
        Assert.Equal(-80f, floor);
        Assert.Equal([5f, -80f, 0f], frames[0]);
        Assert.Equal([999f, -30f, -80f], frames[1]);
        Assert.Equal(-100f, TopDbFloor.ToDb(0f));
        Assert.Equal(20f, TopDbFloor.ToDb(100f), 1e-5f);
    }
}
