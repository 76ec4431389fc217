using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

/// <summary>The block notation of <c>train --blocks</c>: parsed into channels and pools, written back the same way.</summary>
public sealed class CnnArchitectureTests
{
    [Fact]
    public void The_default_blocks_are_written_in_the_notation_they_parse_from()
    {
        var a = new CnnArchitecture();
        Assert.Equal("16p,32p,64p,128p,120", a.Blocks);
        CnnArchitecture again = a.WithBlocks(a.Blocks);
        Assert.Equal(a.Channels, again.Channels);
        Assert.Equal(a.Pool, again.Pool);
    }

    [Fact]
    public void Blocks_give_channels_and_pools_and_the_forward_cost_follows_them()
    {
        CnnArchitecture a = new CnnArchitecture { Frames = 128, Bands = 64 }.WithBlocks(" 16p, 32p,64p,128p,120 ");
        Assert.Equal(new CnnArchitecture().Blocks, a.Blocks);
        Assert.Equal([16, 32, 64, 128, 120], a.Channels);
        Assert.Equal([true, true, true, true, false], a.Pool);
        a.Validate();
        long expected = (128L * 64 * 9 * 1 * 16) + (64L * 32 * 9 * 16 * 32) + (32L * 16 * 9 * 32 * 64) + (16L * 8 * 9 * 64 * 128) + (8L * 4 * 9 * 128 * 120) + (120L * 50);
        Assert.Equal(expected, a.MultiplyAccumulates());
    }

    [Theory]
    [InlineData("32p,x")]
    [InlineData("32q")]
    [InlineData("0p")]
    [InlineData("-8")]
    [InlineData("p")]
    [InlineData("1025")]
    public void A_part_that_is_not_a_channel_count_is_named(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => new CnnArchitecture().WithBlocks(text));
        Assert.Contains("blocks: '", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ", "no block given")]
    [InlineData(" , ", "has an empty entry")]
    [InlineData("8p,,16", "has an empty entry")]
    [InlineData("8p,", "has an empty entry")]
    public void No_block_or_an_empty_entry_is_refused(string text, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new CnnArchitecture().WithBlocks(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_that_pool_a_short_window_below_one_frame_are_refused_by_validation()
    {
        CnnArchitecture a = new CnnArchitecture { Frames = 4, Bands = 64 }.WithBlocks("8p,8p,8p");
        var e = Assert.Throws<ArgumentException>(a.Validate);
        Assert.Equal("block 3 would pool its 1x16 input (of a 4x64 window) below one cell.", e.Message);
    }

    [Fact]
    public void An_architecture_too_large_for_a_training_batch_is_refused_with_its_size()
    {
        new CnnArchitecture().Validate();
        Assert.InRange(new CnnArchitecture().ValuesPerWindow(), 100_000, 1_000_000);
        CnnArchitecture huge = new CnnArchitecture { Frames = 1024 }.WithBlocks("1024p,8");
        var e = Assert.Throws<ArgumentException>(huge.Validate);
        Assert.Equal((1024L * 64 * 1024) + (512L * 32 * 8) + (512L * 32 * 9 * 1024), huge.ValuesPerWindow());
        Assert.Contains("needs 218.2 M activation values", e.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 4 M a training batch can hold", e.Message, StringComparison.Ordinal);
    }
}
