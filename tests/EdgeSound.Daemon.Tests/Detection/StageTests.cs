using EdgeSound.Daemon.Detection;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

public sealed class StageTests
{
    [Fact]
    public void Level_meter_measures_block_mean_square_in_dbfs()
    {
        var meter = new LevelMeter(4);
        meter.Process([16384, -16384, 16384, -16384, 0, 0]);
        Assert.Equal(1, meter.Blocks);
        Assert.Equal(0.25, meter.BlockMeanSquare(0), 9);
        Assert.Equal(-6.02, LevelMeter.ToDbfs(meter.BlockMeanSquare(0)), 2);
        meter.Process([0, 0]);
        Assert.Equal(0, meter.BlockMeanSquare(1));
        Assert.Equal(-120, LevelMeter.ToDbfs(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => meter.BlockMeanSquare(2));
    }

    [Fact]
    public void Assembler_emits_windows_every_hop_oldest_frame_first()
    {
        var a = new WindowAssembler(windowFrames: 4, hopFrames: 2, bands: 2, padValue: -128);
        var window = new sbyte[8];
        var ready = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            if (a.Push([(sbyte)i, (sbyte)(i + 100)], i))
            {
                ready.Add(a.WindowStartFrame);
                a.CopyWindow(window);
                var s = (sbyte)a.WindowStartFrame;
                Assert.Equal([s, (sbyte)(s + 100), (sbyte)(s + 1), (sbyte)(s + 101), (sbyte)(s + 2), (sbyte)(s + 102), (sbyte)(s + 3), (sbyte)(s + 103)], window);
                Assert.Equal(s + 1.5, a.WindowMeanSquare, 9);
            }
        }

        Assert.Equal([0L, 2L, 4L], ready);
        Assert.False(a.FlushShort());
    }

    [Fact]
    public void Short_stream_gives_one_padded_window()
    {
        var a = new WindowAssembler(4, 2, 1, padValue: -128);
        Assert.False(a.FlushShort());
        Assert.False(a.Push([5], 1));
        Assert.False(a.Push([6], 3));
        Assert.True(a.FlushShort());
        var window = new sbyte[4];
        a.CopyWindow(window);
        Assert.Equal(new sbyte[] { 5, 6, -128, -128 }, window);
        Assert.Equal(2, a.WindowMeanSquare);
    }
}
