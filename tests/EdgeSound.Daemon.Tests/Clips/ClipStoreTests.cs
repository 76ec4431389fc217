using System.Text.Json;
using EdgeSound.Daemon.Clips;
using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

public sealed class ClipStoreTests : IDisposable
{
    private readonly string _dir = ClipFixtures.TempDir("es-clips-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private long FolderBytes() => Directory.EnumerateFiles(_dir).Sum(f => new FileInfo(f).Length);

    [Fact]
    public void Saves_a_wav_and_a_sidecar_that_read_back()
    {
        var store = ClipStore.Open(_dir, 10_000_000, ClipFixtures.Model);
        var e = ClipFixtures.Event("dog", 3, 4);
        var id = store.NewId(e);
        Assert.Equal("20261130-080003-000-dog", id);
        Assert.True(store.Save(ClipFixtures.Clip(id, e, 32000)));

        var wav = WavReader.Read(Path.Combine(_dir, id + ".wav"));
        Assert.Equal(16000, wav.SampleRate);
        Assert.Equal(ClipFixtures.RampSpan(0, 32000), Pcm.ToInt16(wav.Samples));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, id + ".json")));
        var root = sidecar.RootElement;
        Assert.Equal(id, root.GetProperty("clip").GetString());
        Assert.Equal(id + ".wav", root.GetProperty("audio").GetString());
        Assert.Equal("dog", root.GetProperty("label").GetString());
        Assert.Equal(new string('a', 64), root.GetProperty("model").GetProperty("sha256").GetString());
        Assert.Equal(ClipFixtures.Labels, root.GetProperty("model").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(0.9, root.GetProperty("windows")[0].GetProperty("scores").GetProperty("dog").GetDouble(), 4);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("verdict").ValueKind);
        Assert.Equal(FolderBytes(), store.Bytes);
    }

    [Fact]
    public void Ids_taken_get_a_suffix()
    {
        var store = ClipStore.Open(_dir, 10_000_000, ClipFixtures.Model);
        var e = ClipFixtures.Event("glass breaking!", 1, 2);
        Assert.Equal("20261130-080001-000-glass_breaking_", store.NewId(e));
        Assert.Equal("20261130-080001-000-glass_breaking_-2", store.NewId(e));
    }

    [Fact]
    public void The_disk_budget_holds_and_the_oldest_clips_go_first()
    {
        // One clip: 44 + 2 x 16000 bytes of WAV plus a sidecar of about 1 kB: three fit in 100 kB, four do not.
        const long budget = 100_000;
        var store = ClipStore.Open(_dir, budget, ClipFixtures.Model);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var e = ClipFixtures.Event("dog", 10 * i, (10 * i) + 1);
            var id = store.NewId(e);
            ids.Add(id);
            Assert.True(store.Save(ClipFixtures.Clip(id, e, 16000)));
            Assert.True(store.Bytes <= budget, $"{store.Bytes} bytes after clip {i}");
            Assert.Equal(store.Bytes, FolderBytes());
        }

        Assert.Equal(ids[^3..], store.Ids);
        Assert.Equal(6, Directory.EnumerateFiles(_dir).Count());

        var reopened = ClipStore.Open(_dir, budget, ClipFixtures.Model);
        Assert.Equal(ids[^3..], reopened.Ids);
        Assert.Equal(store.Bytes, reopened.Bytes);
    }

    [Fact]
    public void A_clip_larger_than_the_whole_budget_is_not_saved()
    {
        var store = ClipStore.Open(_dir, 20_000, ClipFixtures.Model);
        var e = ClipFixtures.Event("dog", 1, 2);
        Assert.False(store.Save(ClipFixtures.Clip(store.NewId(e), e, 16000)));
        Assert.Empty(Directory.EnumerateFiles(_dir));
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public void Verdicts_go_into_the_sidecar_and_last_means_the_newest_clip()
    {
        var store = ClipStore.Open(_dir, 10_000_000, ClipFixtures.Model);
        var saved = new List<string>();
        foreach (var (label, t) in new[] { ("dog", 1.0), ("siren", 5.0) })
        {
            var e = ClipFixtures.Event(label, t, t + 1);
            var id = store.NewId(e);
            store.Save(ClipFixtures.Clip(id, e, 8000));
            saved.Add(id);
        }

        var time = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(VerdictOutcome.Stored, store.SetVerdict(new FeedbackCommand(saved[0], FeedbackVerdict.FalseAlarm, null), time, out var first));
        Assert.Equal(saved[0], first);
        Assert.Equal(VerdictOutcome.Stored, store.SetVerdict(new FeedbackCommand("last", FeedbackVerdict.Relabel, "doorbell"), time, out var last));
        Assert.Equal(saved[1], last);
        Assert.Equal(VerdictOutcome.UnknownClip, store.SetVerdict(new FeedbackCommand("20200101-000000-000-dog", FeedbackVerdict.Confirm, null), time, out _));

        var verdict = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, saved[1] + ".json"))).RootElement.GetProperty("verdict");
        Assert.Equal("relabel", verdict.GetProperty("verdict").GetString());
        Assert.Equal("doorbell", verdict.GetProperty("label").GetString());
        Assert.Equal("2026-12-01T09:00:00.000+00:00", verdict.GetProperty("time").GetString());
        Assert.Equal(store.Bytes, FolderBytes());
    }

    [Fact]
    public void A_clip_dated_ahead_of_the_clock_is_pruned_in_the_order_it_was_written()
    {
        // A wall clock stepped forward dates one event four years ahead; the clips written after it are newer.
        const long budget = 100_000;
        var store = ClipStore.Open(_dir, budget, ClipFixtures.Model);
        var ahead = ClipFixtures.Event("siren", 4 * 365 * 86400.0, (4 * 365 * 86400.0) + 1);
        var aheadId = store.NewId(ahead);
        Assert.True(store.Save(ClipFixtures.Clip(aheadId, ahead, 16000)));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var e = ClipFixtures.Event("dog", 10 * i, (10 * i) + 1);
            var id = store.NewId(e);
            ids.Add(id);
            Assert.True(store.Save(ClipFixtures.Clip(id, e, 16000)));
        }

        Assert.Equal(ids[^3..], store.Ids);
        Assert.Equal(6, Directory.EnumerateFiles(_dir).Count());
        Assert.Equal(store.Bytes, FolderBytes());
        var time = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(VerdictOutcome.Stored, store.SetVerdict(new FeedbackCommand("last", FeedbackVerdict.Confirm, null), time, out var last));
        Assert.Equal(ids[^1], last);
    }

    [Fact]
    public void A_reopened_folder_prunes_a_clip_dated_ahead_of_the_clock_first()
    {
        // The clip dated ahead was written an hour before the others; after a restart it is the oldest.
        const long budget = 100_000;
        var store = ClipStore.Open(_dir, budget, ClipFixtures.Model);
        var ahead = ClipFixtures.Event("siren", 4 * 365 * 86400.0, (4 * 365 * 86400.0) + 1);
        var aheadId = store.NewId(ahead);
        Assert.True(store.Save(ClipFixtures.Clip(aheadId, ahead, 16000)));
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var e = ClipFixtures.Event("dog", 10 * i, (10 * i) + 1);
            var id = store.NewId(e);
            ids.Add(id);
            Assert.True(store.Save(ClipFixtures.Clip(id, e, 16000)));
        }

        var wav = Path.Combine(_dir, aheadId + ".wav");
        File.SetLastWriteTimeUtc(wav, File.GetLastWriteTimeUtc(wav).AddHours(-1));
        var reopened = ClipStore.Open(_dir, budget, ClipFixtures.Model);
        Assert.Equal([aheadId, .. ids], reopened.Ids);
        var e3 = ClipFixtures.Event("dog", 100, 101);
        var id3 = reopened.NewId(e3);
        Assert.True(reopened.Save(ClipFixtures.Clip(id3, e3, 16000)));
        Assert.Equal([.. ids, id3], reopened.Ids);
    }
}
