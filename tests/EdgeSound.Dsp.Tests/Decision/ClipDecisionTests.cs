using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace EdgeSound.Dsp.Tests.Decision;

public sealed class ClipDecisionTests
{
    private const int Bands = 4;

    /// <summary>Windows of 64 frames (about 1 s) every 32 frames, at most half silent: the plan these cases are worked out for.</summary>
    private static readonly WindowPlan OneSecond = new(64, 32, 0.5);

    /// <summary>A clip whose frame f is silent when <paramref name="silent"/>(f), otherwise all bands = 10.</summary>
    private static FrameMatrix Clip(int frames, Func<int, bool> silent)
    {
        var data = new sbyte[frames * Bands];
        for (int f = 0; f < frames; f++)
        {
            data.AsSpan(f * Bands, Bands).Fill(silent(f) ? LogMelScale.Floor : (sbyte)10);
        }

        return new FrameMatrix(frames, Bands, data);
    }

    [Fact]
    public void SilentFrameIsAllFloor()
    {
        Assert.True(ClipDecision.IsSilentFrame([LogMelScale.Floor, LogMelScale.Floor]));
        Assert.False(ClipDecision.IsSilentFrame([LogMelScale.Floor, (sbyte)(LogMelScale.Floor + 1)]));
        Assert.False(ClipDecision.IsSilentFrame([(sbyte)0, LogMelScale.Floor]));
    }

    [Fact]
    public void HopGridPlusTailWindowWhenAllSound()
    {
        FrameMatrix m = Clip(313, _ => false);
        Assert.Equal([0, 32, 64, 96, 128, 160, 192, 224, 249], ClipDecision.WindowStarts(m, OneSecond));
    }

    [Fact]
    public void ExactFitHasNoExtraTailWindow()
    {
        FrameMatrix m = Clip(128, _ => false);
        Assert.Equal([0, 32, 64], ClipDecision.WindowStarts(m, OneSecond));
    }

    [Fact]
    public void MostlySilentWindowsAreSkipped()
    {
        // Sound in frames [0, 100), then digital silence: the window at 64 has 28 silent frames (kept, 28 <= 32),
        // the window at 96 has 60 (skipped).
        FrameMatrix m = Clip(313, f => f >= 100);
        Assert.Equal([0, 32, 64], ClipDecision.WindowStarts(m, OneSecond));
    }

    [Fact]
    public void AllWindowsKeptWhenNoneQualify()
    {
        FrameMatrix m = Clip(200, f => f % 4 != 0);
        Assert.Equal([0, 32, 64, 96, 128, 136], ClipDecision.WindowStarts(m, OneSecond));
    }

    [Fact]
    public void ShortClipIsOneWindowAndPaddingCountsAsSilent()
    {
        Assert.Equal([0], ClipDecision.WindowStarts(Clip(40, _ => false), OneSecond));
        var window = new sbyte[64 * Bands];
        ClipDecision.CopyWindow(Clip(40, _ => false), 0, 64, window);
        Assert.All(window.AsSpan(0, 40 * Bands).ToArray(), v => Assert.Equal(10, v));
        Assert.All(window.AsSpan(40 * Bands).ToArray(), v => Assert.Equal(LogMelScale.Floor, v));
    }

    [Fact]
    public void CopyWindowTakesTheRequestedFrames()
    {
        var data = new sbyte[100 * Bands];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (sbyte)(i / Bands % 100);
        }

        var window = new sbyte[10 * Bands];
        ClipDecision.CopyWindow(new FrameMatrix(100, Bands, data), 37, 10, window);
        for (int f = 0; f < 10; f++)
        {
            Assert.Equal(37 + f, window[f * Bands]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ClipDecision.CopyWindow(new FrameMatrix(100, Bands, data), 100, 10, window));
    }

    [Fact]
    public void AverageIsElementwiseMean()
    {
        float[] mean = ClipDecision.Average([[1f, 0f, 0f], [0f, 1f, 0f], [0.5f, 0.5f, 0f], [0.5f, 0.5f, 1f]]);
        Assert.Equal([0.5f, 0.5f, 0.25f], mean);
        Assert.Throws<ArgumentException>(() => ClipDecision.Average([]));
        var ex = Assert.Throws<ArgumentException>(() => ClipDecision.Average([[1f, 0f], [1f]]));
        Assert.Contains("Window 1", ex.Message);
    }

    [Fact]
    public void PlanValidationNamesTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { HopFrames = 0 }).Validate());
        Assert.Equal("HopFrames", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { MaxSilentFraction = 1.5 }).Validate());
        Assert.Equal("MaxSilentFraction", ex.ParamName);
    }

    [Fact]
    public void WindowsAreInRangeOnGridAndRespectSilenceLimit()
    {
        Prop.ForAll(Gen.Choose(1, 400).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (frames, seed) =>
        {
            var random = new Random(seed);
            var silentFlags = new bool[frames];
            int runStart = random.Next(frames);
            for (int f = 0; f < frames; f++)
            {
                silentFlags[f] = f >= runStart || random.NextDouble() < 0.1;
            }

            FrameMatrix m = Clip(frames, f => silentFlags[f]);
            WindowPlan plan = OneSecond;
            IReadOnlyList<int> starts = ClipDecision.WindowStarts(m, plan);
            bool anyQualifies = false;
            int last = Math.Max(0, frames - plan.WindowFrames);
            for (int s = 0; s <= last; s = s == last ? last + 1 : Math.Min(s + plan.HopFrames, last))
            {
                anyQualifies |= SilentCount(silentFlags, s, plan.WindowFrames) <= plan.MaxSilentFrames;
            }

            foreach (int s in starts)
            {
                bool onGrid = s % plan.HopFrames == 0 || s == last;
                bool inRange = s >= 0 && s <= last;
                bool quiet = SilentCount(silentFlags, s, plan.WindowFrames) <= plan.MaxSilentFrames;
                if (!onGrid || !inRange || (anyQualifies && !quiet))
                {
                    return false;
                }
            }

            return starts.Count > 0;
        }).QuickCheckThrowOnFailure();
    }

    private static int SilentCount(bool[] silent, int start, int window)
    {
        int n = 0;
        for (int f = start; f < start + window; f++)
        {
            n += f >= silent.Length || silent[f] ? 1 : 0;
        }

        return n;
    }
}
