using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>A manifest whose rows reach one clip by two paths (a symbolic link to it): the clip counts once, the later row is listed.</summary>
public sealed class ManifestLinkTests
{
    [Fact]
    public void A_row_naming_a_link_to_a_listed_clip_is_listed_as_a_repeat()
    {
        using var f = new DatasetFolder();
        f.Tone("clips/dog.wav");
        f.Tone("clips/cat.wav");
        Directory.CreateSymbolicLink(f.Path("alias"), f.Path("clips"));
        File.CreateSymbolicLink(f.Path("clips/dog-link.wav"), f.Path("clips/dog.wav"));
        string csv = f.Text("list.csv",
            "filename,label",
            "clips/dog.wav,dog",
            "clips/cat.wav,cat",
            "clips/dog-link.wav,cat",
            "alias/cat.wav,cat");

        ILabeledDataset ds = DatasetLayouts.Open(csv);

        Assert.Equal(["clips/dog.wav", "clips/cat.wav"], ds.Items.Select(i => i.Name));
        Assert.Equal([$"{csv} line 4", $"{csv} line 5"], ds.Problems.Select(p => p.File));
        Assert.StartsWith("clips/dog-link.wav: already listed on line 2", ds.Problems[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("alias/cat.wav: already listed on line 3", ds.Problems[1].Reason, StringComparison.Ordinal);
    }
}
