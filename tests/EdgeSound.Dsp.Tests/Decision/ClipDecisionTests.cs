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
    public void AverageWithExponentZeroIsElementwiseMean()
    {
        float[] mean = ClipDecision.Average([[1f, 0f, 0f], [0f, 1f, 0f], [0.5f, 0.5f, 0f], [0.5f, 0.5f, 1f]], [1, 1e-6, 30, 2], 0);
        Assert.Equal([0.5f, 0.5f, 0.25f], mean);
    }

    [Fact]
    public void LouderWindowsWeighMoreByTheExponent()
    {
        // Energies 16 and 1 at exponent 0.25: weights 1 and (1/16)^0.25 = 0.5, so [1, 0] and [0, 1] give [2/3, 1/3].
        float[] clip = ClipDecision.Average([[1f, 0f], [0f, 1f]], [16, 1], 0.25);
        Assert.Equal(2f / 3f, clip[0], 1e-6f);
        Assert.Equal(1f / 3f, clip[1], 1e-6f);

        // Only the ratio to the loudest window counts.
        Assert.Equal(clip, ClipDecision.Average([[1f, 0f], [0f, 1f]], [1.6e9, 1e8], 0.25));
    }

    [Fact]
    public void AverageRefusesWhatItCannotWeigh()
    {
        Assert.Throws<ArgumentException>(() => ClipDecision.Average([], [], 0.25));
        var ex = Assert.Throws<ArgumentException>(() => ClipDecision.Average([[1f, 0f], [1f]], [1, 1], 0.25));
        Assert.Contains("Window 1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => ClipDecision.Average([[1f, 0f], [0f, 1f]], [1], 0.25));
        Assert.Contains("1 window energies", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => ClipDecision.Average([[1f, 0f]], [0], 0.25));
        Assert.Contains("not positive", ex.Message);
        Assert.Throws<ArgumentException>(() => ClipDecision.Average([[1f, 0f]], [double.NaN], 0.25));
    }

    [Fact]
    public void WindowEnergyIsTheMeanFrameMelEnergy()
    {
        // Value 0 stands for energy 1 in each band; 6 steps are one octave of power (3.01 dB), so value 6 stands for 2.
        var window = new sbyte[3 * Bands];
        Assert.Equal(Bands, ClipDecision.WindowEnergy(window, 3), 12);
        window.AsSpan(0, Bands).Fill(6);
        Assert.Equal((2.0 * Bands + Bands + Bands) / 3, ClipDecision.WindowEnergy(window, 3), 12);

        // A gain of g dB moves the energy by g dB: 10 log10 of the ratio for 20 steps is 20 * 0.5017 dB.
        var quiet = new sbyte[3 * Bands];
        var loud = new sbyte[3 * Bands];
        loud.AsSpan().Fill(20);
        double db = 10 * Math.Log10(ClipDecision.WindowEnergy(loud, 3) / ClipDecision.WindowEnergy(quiet, 3));
        Assert.Equal(20 * LogMelScale.DbPerStep, db, 9);

        window.AsSpan().Fill(LogMelScale.Floor);
        Assert.True(ClipDecision.WindowEnergy(window, 3) > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipDecision.WindowEnergy(window, 0));
    }

    [Fact]
    public void PlanValidationNamesTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { HopFrames = 0 }).Validate());
        Assert.Equal("HopFrames", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { MaxSilentFraction = 1.5 }).Validate());
        Assert.Equal("MaxSilentFraction", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { LevelWeightExponent = -0.1 }).Validate());
        Assert.Equal("LevelWeightExponent", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { LevelWeightExponent = double.NaN }).Validate());
        Assert.Equal("LevelWeightExponent", ex.ParamName);
    }

    [Fact]
    public void PlanValidationRefusesAHopLongerThanTheWindow()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OneSecond with { HopFrames = 65 }).Validate());
        Assert.Equal("HopFrames", ex.ParamName);
        Assert.Equal(65, ex.ActualValue);
        (OneSecond with { HopFrames = 64 }).Validate();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(96)]
    [InlineData(1024)]
    public void APlanForAnyWindowKeepsItsHopWithinTheWindow(int frames)
    {
        WindowPlan plan = WindowPlan.Default.ForWindow(frames);
        plan.Validate();
        Assert.Equal(frames, plan.WindowFrames);
        Assert.Equal(Math.Min(frames, WindowPlan.Default.HopFrames), plan.HopFrames);
        Assert.Equal(WindowPlan.Default with { WindowFrames = frames, HopFrames = plan.HopFrames }, plan);
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
