using EdgeSound.Dsp.Audio;
using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>A device clip folder (sidecars in the daemon's format, written here by hand) read as a dataset.</summary>
public sealed class ClipFolderDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-clipfolder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Clip(string id, string label, string verdict, bool wav = true, string? audio = null)
    {
        if (wav)
        {
            WavWriter.WritePcm16(Path.Combine(_dir, id + ".wav"), new float[1600], 16000);
        }

        File.WriteAllText(Path.Combine(_dir, id + ".json"),
            $$"""{"clip":"{{id}}","audio":"{{audio ?? id + ".wav"}}","label":"{{label}}","score":0.9,"verdict":{{verdict}}}""");
    }

    [Fact]
    public void Verdicts_decide_the_labels_and_every_unusable_file_is_listed_with_its_reason()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm","time":"t"}""");
        Clip("20261130-090000-000-dog", "dog", """{"verdict":"false_alarm","time":"t"}""");
        Clip("20261130-100000-000-siren", "siren", """{"verdict":"relabel","label":"doorbell","time":"t"}""");
        Clip("20261130-110000-000-dog", "dog", "null");
        Clip("20261130-120000-000-dog", "dog", """{"verdict":"confirm"}""", wav: false);
        Clip("20261130-130000-000-dog", "dog", """{"verdict":"maybe"}""");
        Clip("20261130-140000-000-dog", "dog", """{"verdict":"relabel"}""");
        Clip("20261130-150000-000-dog", "dog", """{"verdict":"confirm"}""", audio: "../escape.wav");
        File.WriteAllText(Path.Combine(_dir, "broken.json"), "{ not json");
        File.WriteAllText(Path.Combine(_dir, "other.json"), """{"something":"else"}""");

        Assert.True(ClipFolderDataset.IsClipFolder(_dir));
        var data = ClipFolderDataset.Open(_dir);
        Assert.Equal(["background", "dog", "doorbell"], data.Labels);
        Assert.Equal(["dog", "background", "doorbell"], data.Files.Select(f => f.Label));
        Assert.Equal(Path.Combine(_dir, "20261130-080000-000-dog.wav"), data.Files[0].Path);

        var reasons = data.Unusable.ToDictionary(u => Path.GetFileName(u.Path), u => u.Reason);
        Assert.Equal(7, reasons.Count);
        Assert.Contains("no verdict", reasons["20261130-110000-000-dog.json"], StringComparison.Ordinal);
        Assert.Contains("audio 20261130-120000-000-dog.wav is missing", reasons["20261130-120000-000-dog.json"], StringComparison.Ordinal);
        Assert.Contains("is not confirm, false_alarm or relabel", reasons["20261130-130000-000-dog.json"], StringComparison.Ordinal);
        Assert.Contains("is not confirm, false_alarm or relabel", reasons["20261130-140000-000-dog.json"], StringComparison.Ordinal);
        Assert.Contains("not a plain file name", reasons["20261130-150000-000-dog.json"], StringComparison.Ordinal);
        Assert.Contains("cannot read the sidecar", reasons["broken.json"], StringComparison.Ordinal);
        Assert.Contains("not a clip sidecar: \"audio\" is missing", reasons["other.json"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_sidecar_with_a_key_of_the_wrong_type_is_named_with_the_key_and_its_value()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        Clip("20261130-090000-000-dog", "dog", """{"verdict":"false_alarm"}""");
        File.WriteAllText(Path.Combine(_dir, "number.json"), """{"audio":"20261130-080000-000-dog.wav","label":42,"verdict":{"verdict":"confirm"}}""");
        File.WriteAllText(Path.Combine(_dir, "array.json"), "[1,2,3]");
        File.WriteAllText(Path.Combine(_dir, "empty.json"), """{"audio":"","label":"dog","verdict":{"verdict":"confirm"}}""");

        var reasons = ClipFolderDataset.Open(_dir).Unusable.ToDictionary(u => Path.GetFileName(u.Path), u => u.Reason);
        Assert.Equal("\"label\" is 42, not a non-empty string", reasons["number.json"]);
        Assert.Equal("not a clip sidecar: the file holds a JSON array, not an object", reasons["array.json"]);
        Assert.Equal("\"audio\" is \"\", not a non-empty string", reasons["empty.json"]);
    }

    [Fact]
    public void Two_sidecars_of_one_audio_file_count_it_once_and_the_second_is_listed()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        Clip("20261130-090000-000-dog", "dog", """{"verdict":"confirm"}""", wav: false, audio: "20261130-080000-000-dog.wav");
        var ds = ClipFolderDataset.Open(_dir);
        Assert.Single(ds.Files);
        var second = Assert.Single(ds.Unusable);
        Assert.EndsWith("20261130-090000-000-dog.json", second.Path, StringComparison.Ordinal);
        Assert.Equal("its audio 20261130-080000-000-dog.wav is already the clip of 20261130-080000-000-dog.json (one clip counted twice)", second.Reason);
    }

    [Fact]
    public void A_sidecar_whose_string_is_not_valid_unicode_is_listed_not_thrown()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        Clip("20261130-090000-000-dog", "\\ud800", """{"verdict":"confirm"}""");
        var ds = ClipFolderDataset.Open(_dir);
        Assert.Single(ds.Files);
        Assert.Contains("not valid Unicode text", Assert.Single(ds.Unusable).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wav_without_a_sidecar_and_any_other_file_or_folder_are_listed_not_passed_over()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        Clip("20261130-090000-000-dog", "dog", "null");
        WavWriter.WritePcm16(Path.Combine(_dir, "20261130-100000-000-dog.wav"), new float[1600], 16000);
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "kept by hand");
        Directory.CreateDirectory(Path.Combine(_dir, "old"));
        File.WriteAllText(Path.Combine(_dir, ".20261130-110000-000-dog.wav.reserved"), "");

        var data = ClipFolderDataset.Open(_dir);

        Assert.Equal(["dog"], data.Labels);
        var reasons = data.Unusable.ToDictionary(u => Path.GetFileName(u.Path), u => u.Reason);
        Assert.Equal(["20261130-090000-000-dog.json", "20261130-100000-000-dog.wav", "notes.txt", "old"], reasons.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("no sidecar 20261130-100000-000-dog.json beside it: no label or verdict to train on", reasons["20261130-100000-000-dog.wav"]);
        Assert.Equal("neither a clip (ID.wav) nor its sidecar (ID.json)", reasons["notes.txt"]);
        Assert.Equal("a folder inside the clip folder: not read (clips and sidecars are read from the clip folder itself)", reasons["old"]);
    }

    [Fact]
    public void A_sidecar_naming_a_key_twice_is_listed_naming_the_key_not_read_as_its_last_value()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        WavWriter.WritePcm16(Path.Combine(_dir, "20261130-090000-000-dog.wav"), new float[1600], 16000);
        File.WriteAllText(Path.Combine(_dir, "20261130-090000-000-dog.json"),
            """{"clip":"20261130-090000-000-dog","audio":"20261130-090000-000-dog.wav","label":"dog","verdict":{"verdict":"confirm"},"verdict":{"verdict":"relabel","label":"siren"}}""");

        var data = ClipFolderDataset.Open(_dir);

        Assert.Equal(["dog"], data.Labels);
        var unusable = Assert.Single(data.Unusable);
        Assert.Equal("20261130-090000-000-dog.json", Path.GetFileName(unusable.Path));
        Assert.Contains("'verdict'", unusable.Reason, StringComparison.Ordinal);
        Assert.Contains("Duplicate property", unusable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sidecar_saved_with_a_utf8_byte_order_mark_is_read()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        string sidecar = Path.Combine(_dir, "20261130-080000-000-dog.json");
        File.WriteAllText(sidecar, File.ReadAllText(sidecar), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(sidecar)[0]);
        Assert.Equal(["dog"], ClipFolderDataset.Open(_dir).Labels);
    }

    [Fact]
    public void A_relabel_is_taken_as_written_so_a_padded_label_is_not_silently_repaired()
    {
        Clip("20261130-080000-000-dog", "dog", """{"verdict":"confirm"}""");
        Clip("20261130-090000-000-dog", "dog", """{"verdict":"relabel","label":" cat "}""");
        Assert.Equal([" cat ", "dog"], ClipFolderDataset.Open(_dir).Labels);
    }

    [Fact]
    public void Folds_are_deterministic_and_keep_the_clips_of_one_hour_together()
    {
        Assert.Equal(ClipFolderDataset.FoldOf("20261130-080000-000-dog"), ClipFolderDataset.FoldOf("20261130-085959-999-siren"));
        var folds = Enumerable.Range(0, 48).Select(h => ClipFolderDataset.FoldOf($"202611{30 + (h / 24)}-{h % 24:00}0000-000-dog")).ToList();
        Assert.All(folds, f => Assert.InRange(f, 1, ClipFolderDataset.Folds));
        Assert.Equal(ClipFolderDataset.Folds, folds.Distinct().Count());
    }

    [Fact]
    public void Folds_spread_the_hours_of_a_month_evenly_and_not_by_the_last_bits_of_their_digits()
    {
        int[] perFold = new int[ClipFolderDataset.Folds + 1];
        int daysWithHours0_4_8Together = 0;
        for (int day = 1; day <= 30; day++)
        {
            int[] folds = [.. Enumerable.Range(0, 24).Select(h => ClipFolderDataset.FoldOf($"202611{day:00}-{h:00}0000-000-dog"))];
            foreach (int f in folds)
            {
                perFold[f]++;
            }

            daysWithHours0_4_8Together += folds[0] == folds[4] && folds[4] == folds[8] ? 1 : 0;
        }

        Assert.All(perFold.Skip(1), n => Assert.InRange(n, 130, 230));
        Assert.InRange(daysWithHours0_4_8Together, 0, 10);
    }

    [Fact]
    public void A_folder_without_sidecars_is_not_a_clip_folder()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.json"), "{}");
        Assert.False(ClipFolderDataset.IsClipFolder(_dir));
        Assert.False(ClipFolderDataset.IsClipFolder(Path.Combine(_dir, "missing")));
        Assert.Throws<DirectoryNotFoundException>(() => ClipFolderDataset.Open(Path.Combine(_dir, "missing")));
    }
}
