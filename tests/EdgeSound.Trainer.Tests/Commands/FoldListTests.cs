using EdgeSound.Tests.Shared;
using EdgeSound.Trainer.Commands;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// Every verb taking <c>--folds</c> reads it with <see cref="FoldList"/>: an empty entry or a fold given twice is
/// refused in one line naming the option and the value, exit 2, before any data is read.
/// </summary>
public sealed class FoldListTests
{
    public static TheoryData<string[]> Verbs()
    {
        string model = RepoPaths.File(Path.Combine("firmware", "models", "edgesound.onnx"));
        string data = Path.Combine(Path.GetTempPath(), "es-no-such-data");
        string output = Path.Combine(Path.GetTempPath(), "es-no-such-output");
        return
        [
            ["evaluate", "--model", model, "--data", data],
            ["train", "--data", data, "--out", output + ".onnx"],
            ["features", "--data", data, "--out", output + ".csv"],
            ["analyze", "--data", data, "--out", output],
            ["cues", "--data", data, "--out", output],
            ["openset", "--model", model, "--data", data],
            ["soundscape", "generate", "--data", data, "--out", output + ".wav"],
            ["calibrate", "--model", model, "--data", data],
        ];
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void An_empty_entry_is_refused_in_one_line(string[] verb) =>
        AssertRefused(verb, "1,,2", "--folds 1,,2: entry 2 is empty (expected e.g. 1,2,3)");

    [Theory]
    [MemberData(nameof(Verbs))]
    public void A_repeated_fold_is_refused_in_one_line(string[] verb) =>
        AssertRefused(verb, "4,4", "--folds 4,4: fold 4 is given twice");

    [Fact]
    public void Spaces_around_entries_are_allowed_and_the_order_is_kept()
    {
        Assert.Equal([4, 1, 2], FoldList.Parse(" 4,1, 2 ", "--folds"));
        Assert.Equal("--folds 1,0: '0' is not a fold number (expected e.g. 1,2,3)",
            Assert.Throws<ArgumentException>(() => FoldList.Parse("1,0", "--folds")).Message);
        Assert.Equal("--check-folds: no fold given (expected e.g. 1,2,3)",
            Assert.Throws<ArgumentException>(() => FoldList.Parse(" ", "--check-folds")).Message);
    }

    private static void AssertRefused(string[] verb, string folds, string expected)
    {
        var (code, _, error) = TrainerCli.Run([.. verb, "--folds", folds]);

        Assert.Equal(2, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.EndsWith(expected, line, StringComparison.Ordinal);
    }
}
