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

    [Fact]
    public void A_d_makes_a_block_depthwise_separable_and_it_costs_a_depthwise_and_a_pointwise_convolution()
    {
        CnnArchitecture a = new CnnArchitecture().WithBlocks("16p,32p,64p,d192p,d320");
        Assert.Equal("16p,32p,64p,d192p,d320", a.Blocks);
        Assert.Equal([false, false, false, true, true], a.Separable);
        a.Validate();
        ConvolutionKind[] kinds = [.. a.Units().Select(u => u.Kind)];
        Assert.Equal([ConvolutionKind.Standard, ConvolutionKind.Standard, ConvolutionKind.Standard, ConvolutionKind.Depthwise, ConvolutionKind.Pointwise, ConvolutionKind.Depthwise, ConvolutionKind.Pointwise], kinds);
        Assert.Equal([true, true, true, false, true, false, false], a.Units().Select(u => u.Pool));
        long expected = (96L * 64 * 9 * 16) + (48L * 32 * 9 * 16 * 32) + (24L * 16 * 9 * 32 * 64)
            + (12L * 8 * ((9 * 64) + (64 * 192))) + (6L * 4 * ((9 * 192) + (192 * 320))) + (320L * 50);
        Assert.Equal(expected, a.MultiplyAccumulates());
        Assert.Equal((9 * 16) + (9 * 16 * 32) + (9 * 32 * 64) + (9 * 64) + (64 * 192) + (9 * 192) + (192 * 320) + (320 * 50) + 50
            + (2 * (16 + 32 + 64 + 64 + 192 + 192 + 320)), CnnModel.Create(a, 1).Network.ParameterCount);
    }

    [Fact]
    public void An_architecture_is_rebuilt_from_its_units_and_a_lone_depthwise_or_pointwise_unit_is_refused()
    {
        CnnArchitecture a = new CnnArchitecture().WithBlocks("8p,d16p,24,d32");
        CnnArchitecture again = CnnArchitecture.FromUnits(new CnnArchitecture(), [.. a.Units().Select(u => (u.Kind, u.Channels, u.Pool))]);
        Assert.Equal(a.Blocks, again.Blocks);
        var lone = Assert.Throws<ArgumentException>(() => CnnArchitecture.FromUnits(new CnnArchitecture(), [(ConvolutionKind.Standard, 8, true), (ConvolutionKind.Depthwise, 8, false)]));
        Assert.Contains("convolution 2 is depthwise", lone.Message, StringComparison.Ordinal);
        var pooled = Assert.Throws<ArgumentException>(() => CnnArchitecture.FromUnits(new CnnArchitecture(), [(ConvolutionKind.Depthwise, 1, true), (ConvolutionKind.Pointwise, 8, false)]));
        Assert.Contains("convolution 1 is depthwise", pooled.Message, StringComparison.Ordinal);
        var pointwise = Assert.Throws<ArgumentException>(() => CnnArchitecture.FromUnits(new CnnArchitecture(), [(ConvolutionKind.Pointwise, 8, false)]));
        Assert.Contains("convolution 1 is pointwise", pointwise.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("32p,x")]
    [InlineData("32q")]
    [InlineData("0p")]
    [InlineData("-8")]
    [InlineData("p")]
    [InlineData("1025")]
    [InlineData("d")]
    [InlineData("dd16")]
    [InlineData("16d")]
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
    public void A_depthwise_separable_first_block_is_refused_by_validation()
    {
        var e = Assert.Throws<ArgumentException>(new CnnArchitecture().WithBlocks("d8p,16").Validate);
        Assert.StartsWith("block 1 cannot be depthwise-separable", e.Message, StringComparison.Ordinal);
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
