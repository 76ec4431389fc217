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
