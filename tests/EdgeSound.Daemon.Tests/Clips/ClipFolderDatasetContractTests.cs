using EdgeSound.Daemon.Clips;
using EdgeSound.Learning.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

/// <summary>The clip folder the daemon writes, with verdicts given as feedback, read back by the trainer's reader.</summary>
public sealed class ClipFolderDatasetContractTests : IDisposable
{
    private readonly string _dir = ClipFixtures.TempDir("es-clipset-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Verdicts_become_training_labels_and_unconfirmed_clips_are_listed_as_skipped()
    {
        var store = ClipStore.Open(_dir, 10_000_000, ClipFixtures.Model);
        var feedback = new FeedbackHandler(store, NullLogger.Instance);
        var ids = new Dictionary<string, string>();
        foreach (var (label, t) in new[] { ("dog", 1.0), ("siren", 3.0), ("glass_breaking", 5.0), ("dog", 7.0) })
        {
            var e = ClipFixtures.Event(label, t, t + 1);
            var id = store.NewId(e);
            store.Save(ClipFixtures.Clip(id, e, 8000));
            ids[$"{label}@{t}"] = id;
        }

        Assert.Equal(FeedbackResult.Stored, feedback.Handle(System.Text.Encoding.UTF8.GetBytes($$"""{"clip":"{{ids["dog@1"]}}","verdict":"confirm"}"""), "test", out _));
        Assert.Equal(FeedbackResult.Stored, feedback.Handle(System.Text.Encoding.UTF8.GetBytes($$"""{"clip":"{{ids["siren@3"]}}","verdict":"false_alarm"}"""), "test", out _));
        Assert.Equal(FeedbackResult.Stored, feedback.Handle(System.Text.Encoding.UTF8.GetBytes($$"""{"clip":"{{ids["glass_breaking@5"]}}","verdict":"relabel","label":"doorbell"}"""), "test", out _));
        Assert.Equal(3, feedback.Stored);

        var data = ClipFolderDataset.Open(_dir);
        Assert.True(ClipFolderDataset.IsClipFolder(_dir));
        Assert.Equal(["background", "dog", "doorbell"], data.Labels);
        Assert.Equal(
            [(ids["dog@1"], "dog"), (ids["siren@3"], "background"), (ids["glass_breaking@5"], "doorbell")],
            data.Files.Select(f => (Path.GetFileNameWithoutExtension(f.Path), f.Label)));
        var skipped = Assert.Single(data.Unusable);
        Assert.Equal(Path.Combine(_dir, ids["dog@7"] + ".json"), skipped.Path);
        Assert.Contains("no verdict", skipped.Reason, StringComparison.Ordinal);
        Assert.All(data.Files, f => Assert.InRange(f.Fold, 1, ClipFolderDataset.Folds));
        Assert.Equal(ClipFixtures.RampSpan(0, 8000), EdgeSound.Dsp.Audio.Pcm.ToInt16(data.LoadMono16k(data.Files[0])));
    }
}
