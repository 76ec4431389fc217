using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class WindowSamplerTests
{
    [Fact]
    public void CropsAvoidMostlySilentWindows()
    {
        // 100 frames: sound in [10, 40), silence elsewhere; 16-frame windows with at most 8 silent frames
        // can start in [2, 32].
        const int bands = 3;
        var data = new sbyte[100 * bands];
        for (int f = 0; f < 100; f++)
        {
            data.AsSpan(f * bands, bands).Fill(f is >= 10 and < 40 ? (sbyte)5 : LogMelScale.Floor);
        }

        var m = new FrameMatrix(100, bands, data);
        int[] starts = WindowSampler.CropStarts(m, new WindowPlan(16, 8, 0.5));
        Assert.Equal(Enumerable.Range(2, 31), starts);
    }

    [Fact]
    public void GainShiftsSoundButKeepsSilenceAndClamps()
    {
        sbyte[] w = [LogMelScale.Floor, -127, 0, 120, 127];
        WindowSampler.ApplyGain(w, 10);
        Assert.Equal([LogMelScale.Floor, (sbyte)-117, (sbyte)10, (sbyte)127, (sbyte)127], w);
        WindowSampler.ApplyGain(w, -20);
        Assert.Equal([LogMelScale.Floor, LogMelScale.Floor, (sbyte)-10, (sbyte)107, (sbyte)107], w);
    }

    [Fact]
    public void CropGainIsDrawnFromTheWholeRangeAndOnlyFromIt()
    {
        // One clip of 40 frames x 2 bands, every value 0; windows of 8 frames.
        const int bands = 2;
        var clip = new LabeledFrames("c", 1, 0, new FrameMatrix(40, bands, new sbyte[40 * bands]));
        var sampler = new WindowSampler([clip], new WindowPlan(8, 4, 0.5), bands);
        var window = new sbyte[sampler.WindowLength];
        var random = new Random(3);
        var seen = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            sampler.Crop(0, random, -24, 6, window);
            Assert.All(window, v => Assert.Equal(window[0], v));
            seen.Add(window[0]);
        }

        Assert.Equal(LogMelScale.StepsForGainDb(-24), seen.Min());
        Assert.Equal(LogMelScale.StepsForGainDb(6), seen.Max());

        sampler.Crop(0, random, 0, 0, window);
        Assert.All(window, v => Assert.Equal(0, v));
    }

    [Fact]
    public void MasksCoverWholeFramesAndBandsWithinLimits()
    {
        const int frames = 20, bands = 10;
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var w = new float[frames * bands];
            Array.Fill(w, 1f);
            WindowSampler.Mask(w, frames, bands, random, 1, 5, 0, 0, -2f);
            int maskedFrames = 0;
            for (int f = 0; f < frames; f++)
            {
                int n = w.AsSpan(f * bands, bands).ToArray().Count(v => v == -2f);
                Assert.True(n == 0 || n == bands);
                maskedFrames += n == bands ? 1 : 0;
            }

            Assert.InRange(maskedFrames, 0, 5);
        }
    }
}
