using EdgeSound.Learning.Data;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>Runs only when ../shared/data exists (required when ES_REQUIRE_DATA=1).</summary>
public sealed class Esc50DataTests(ITestOutputHelper output)
{
    [Fact]
    public void PublishedMetadataOpensWithFiftyClassesAndFourFolds()
    {
        string? dir = DataPaths.Find("esc50-16k", output);
        if (dir is null)
        {
            return;
        }

        var ds = Esc50Dataset.Open(dir);
        Assert.Equal(1600, ds.Clips.Count);
        Assert.Equal(50, ds.Labels.Length);
        Assert.Equal("dog", ds.Labels[0]);
        Assert.Equal([1, 2, 3, 4], ds.Clips.Select(c => c.Fold).Distinct().Order());
        Esc50Clip first = ds.Clips[0];
        float[] x = ds.LoadMono16k(first);
        Assert.Equal(80000, x.Length);
    }
}
