using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>
/// A folder per class as users leave it: symbolic links that loop, links that reach a clip or a whole class folder a
/// second time, class folders with no clip. Each is read once, in bounded time, and every file or folder left out is
/// named with its reason.
/// </summary>
public sealed class ClassFolderLinkTests
{
    [Fact]
    public async Task A_symlink_loop_is_listed_and_does_not_hang()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/a.wav");
        f.Tone("cat/b.wav");
        Directory.CreateSymbolicLink(f.Path("dog/again"), f.Path("dog"));
        Directory.CreateSymbolicLink(f.Path("dog/more"), "..");
        Directory.CreateSymbolicLink(f.Path("cat/up"), f.Dir);

        ILabeledDataset ds = await Task.Run(() => DatasetLayouts.Open(f.Dir)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["cat/b.wav", "dog/a.wav"], ds.Items.Select(i => i.Name.Replace('\\', '/')));
        Assert.Contains(ds.Problems, p => p.File == f.Path("dog/again") && p.Reason.Contains("already read", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File == f.Path("dog/more") && p.Reason.Contains("already read", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File == f.Path("cat/up") && p.Reason.Contains("already read", StringComparison.Ordinal));
        Assert.Equal(3, ds.Problems.Count);
    }

    [Fact]
    public void A_clip_reached_twice_through_a_link_counts_once_and_the_link_is_named()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/a.wav");
        f.Tone("cat/b.wav");
        File.CreateSymbolicLink(f.Path("dog/a-copy.wav"), f.Path("dog/a.wav"));
        File.CreateSymbolicLink(f.Path("cat/a.wav"), f.Path("dog/a.wav"));

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Equal(["cat/b.wav", "dog/a.wav"], ds.Items.Select(i => i.Name.Replace('\\', '/')));
        DatasetProblem[] twice = [.. ds.Problems.Where(p => p.Reason.Contains("dog/a.wav", StringComparison.Ordinal))];
        Assert.Equal([f.Path("cat/a.wav"), f.Path("dog/a-copy.wav")], twice.Select(p => p.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_class_folder_linked_under_a_second_name_is_read_once()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/a.wav");
        f.Tone("dog/b.wav");
        f.Tone("cat/c.wav");
        Directory.CreateSymbolicLink(f.Path("puppy"), f.Path("dog"));

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Equal(["cat", "dog"], ds.Labels);
        Assert.Equal(3, ds.Items.Count);
        DatasetProblem link = Assert.Single(ds.Problems);
        Assert.Equal(f.Path("puppy"), link.File);
        Assert.Contains("dog", link.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_folder_without_clips_is_named()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/a.wav");
        f.Tone("cat/b.wav");
        Directory.CreateDirectory(f.Path("bird"));
        f.Text("frog/readme.md", "clips to come");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Equal(["cat", "dog"], ds.Labels);
        Assert.Contains(ds.Problems, p => p.File == f.Path("bird") && p.Reason.Contains("no .wav clip", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File == f.Path("frog") && p.Reason.Contains("no .wav clip", StringComparison.Ordinal));
    }
}
