using System.Globalization;
using System.Text.RegularExpressions;
using EdgeSound.Inference;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// The shipped model stays within issue 10's size budget (256 KiB for the whole file, metadata included), its card
/// states its real size, and every recipe-check model its metadata quotes is in the repository.
/// </summary>
public sealed partial class ShippedModelTests
{
    private const long MaxBytes = 256 * 1024;

    [Fact]
    public void The_shipped_model_file_fits_the_size_budget_and_its_card_says_its_size()
    {
        string model = RepoPaths.File("firmware/models/edgesound.onnx");
        long bytes = new FileInfo(model).Length;
        Assert.True(bytes <= MaxBytes, $"{model} is {bytes} bytes, over {MaxBytes}; metadata growth counts");
        Match size = CardSize().Match(File.ReadAllText(Path.ChangeExtension(model, ".md")));
        Assert.True(size.Success, "the card has no File size line");
        Assert.Equal(bytes, long.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_recipe_check_the_shipped_model_quotes_is_in_the_repository()
    {
        using SoundClassifier classifier = SoundClassifier.Load(RepoPaths.File("firmware/models/edgesound.onnx"));
        MatchCollection files = QuotedFile().Matches(classifier.Metadata[ModelMetadataKeys.Metrics]);
        Assert.Equal(4, files.Count);
        foreach (Match file in files)
        {
            Assert.True(File.Exists(RepoPaths.File("firmware/models/recipe-check/" + file.Groups[1].Value)), file.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"\| File size \| (\d+) bytes")]
    private static partial Regex CardSize();

    [GeneratedRegex("\"file\":\"([^\"]+\\.onnx)\"")]
    private static partial Regex QuotedFile();
}
