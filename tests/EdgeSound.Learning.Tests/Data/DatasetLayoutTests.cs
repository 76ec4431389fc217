using EdgeSound.Dsp.Audio;
using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>Each dataset layout read from small fixtures made here, with every unusable file listed.</summary>
public sealed class DatasetLayoutTests
{
    [Fact]
    public void Folder_per_class_reads_labels_from_folders_and_lists_strays()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/garden__1.wav");
        f.Tone("dog/garden__2.wav", rate: 44100);
        f.Tone("cat/sofa.wav");
        f.Text("cat/notes.md", "not audio");
        f.Tone("stray.wav");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.IsType<ClassFolderDataset>(ds);
        Assert.Equal(["cat", "dog"], ds.Labels);
        Assert.Equal(["cat/sofa.wav", "dog/garden__1.wav", "dog/garden__2.wav"], ds.Items.Select(i => i.Name.Replace('\\', '/')));
        Assert.Equal(["cat", "dog", "dog"], ds.Items.Select(i => i.Label));
        Assert.Equal(ds.Items[1].Fold, ds.Items[2].Fold);
        Assert.Equal("garden", ds.Items[1].Source);
        Assert.Equal(2, ds.Problems.Count);
        Assert.Contains(ds.Problems, p => p.File.EndsWith("notes.md", StringComparison.Ordinal) && p.Reason.Contains("not a .wav", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File.EndsWith("stray.wav", StringComparison.Ordinal) && p.Reason.Contains("outside a class folder", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_wav_in_a_class_folder_is_listed_when_loaded_and_the_rest_load()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/a.wav", seconds: 0.25, rate: 8000);
        string broken = f.BrokenWav("dog/b.wav");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult result = DatasetAudio.LoadAll(ds.Items, threads: 2);

        LoadedItem loaded = Assert.Single(result.Loaded);
        Assert.Equal(4000, loaded.Samples.Length);
        DatasetProblem failure = Assert.Single(result.Failures);
        Assert.EndsWith("b.wav", failure.File, StringComparison.Ordinal);
        Assert.Contains(broken, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_takes_folds_or_assigns_them_and_lists_every_bad_row()
    {
        using var f = new DatasetFolder();
        f.Tone("clips/bell1.wav");
        f.Tone("clips/bell2.wav");
        f.Tone("clips/alarm.wav");
        f.Text("clips/readme.txt", "x");
        string csv = f.Text("list.csv",
            "filename,label,fold,comment",
            "clips/bell1.wav,doorbell,2,front door",
            "clips/alarm.wav,smoke_alarm,,kitchen",
            "clips/bell2.wav,,1,",
            "clips/bell2.wav,doorbell,two,",
            "clips/gone.wav,doorbell,1,",
            "clips/readme.txt,doorbell,1,");

        ILabeledDataset ds = DatasetLayouts.Open(csv);

        Assert.IsType<ManifestDataset>(ds);
        Assert.Equal(["doorbell", "smoke_alarm"], ds.Labels);
        Assert.Equal(2, ds.Items.Count);
        Assert.Equal(2, ds.Items[0].Fold);
        Assert.Equal(SourceFolds.FoldOf("alarm"), ds.Items[1].Fold);
        Assert.Equal(f.Path("clips/alarm.wav"), ds.Items[1].AudioPath);
        Assert.Equal(4, ds.Problems.Count);
        Assert.Contains("line 4", ds.Problems[0].File, StringComparison.Ordinal);
        Assert.Contains("empty label", ds.Problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("fold 'two'", ds.Problems[1].Reason, StringComparison.Ordinal);
        Assert.Contains("file not found", ds.Problems[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not a .wav", ds.Problems[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_row_with_an_unclosed_quote_is_listed_as_such_even_when_its_field_count_fits()
    {
        using var f = new DatasetFolder();
        f.Tone("dog1.wav");
        f.Tone("dog2.wav");
        f.Tone("dog3.wav");
        string csv = f.Text("list.csv",
            "filename,label,fold",
            "dog1.wav,dog,1",
            "dog2.wav,dog,\"2",
            "\"dog3.wav,dog,1");

        ILabeledDataset ds = DatasetLayouts.Open(csv);

        Assert.Equal(["dog1.wav"], ds.Items.Select(i => i.Name));
        Assert.Equal(
            [
                ($"{csv} line 3", "a double quote opened and never closed (a field starting with \" must end with \")"),
                ($"{csv} line 4", "a double quote opened and never closed (a field starting with \" must end with \")"),
            ],
            ds.Problems.Select(p => (p.File, p.Reason)));
    }

    [Fact]
    public void Manifest_rows_that_repeat_a_file_or_miscount_their_fields_are_listed_and_a_repeated_column_refused()
    {
        using var f = new DatasetFolder();
        f.Tone("dog1.wav");
        f.Tone("dog2.wav");
        string csv = f.Text("list.csv",
            "filename,label,fold",
            "dog1.wav,dog,1",
            "dog1.wav,chirping_birds,2",
            "dog1.wav,dog,1",
            "dog2.wav,dog",
            "dog2.wav,dog,1,extra");

        ILabeledDataset ds = DatasetLayouts.Open(csv);

        Assert.Equal("dog", Assert.Single(ds.Items).Label);
        Assert.Equal(
            [
                "dog1.wav: already listed on line 2 (one clip in two rows would count twice, or leak between folds and labels)",
                "dog1.wav: already listed on line 2 (one clip in two rows would count twice, or leak between folds and labels)",
                "2 field(s) where the header has 3 (a comma inside an unquoted field, or a missing one?)",
                "4 field(s) where the header has 3 (a comma inside an unquoted field, or a missing one?)",
            ],
            ds.Problems.Select(p => p.Reason));
        Assert.Contains("line 6", ds.Problems[3].File, StringComparison.Ordinal);

        string twice = f.Text("twice.csv", "filename,label,Label", "dog1.wav,dog,cat");
        var e = Assert.Throws<InvalidDataException>(() => DatasetLayouts.Open(twice));
        Assert.Equal($"{twice}: the header names the column 'label' 2 times", e.Message);
    }

    [Fact]
    public void A_folder_with_manifest_csv_is_read_as_that_manifest()
    {
        using var f = new DatasetFolder();
        f.Tone("a.wav");
        f.Tone("other/b.wav");
        f.Text("manifest.csv", "filename,label", "a.wav,knock");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.IsType<ManifestDataset>(ds);
        Assert.Equal("knock", Assert.Single(ds.Items).Label);
    }

    [Fact]
    public void Manifest_without_a_header_is_refused_naming_the_file()
    {
        using var f = new DatasetFolder();
        string csv = f.Text("m.csv", "a.wav,knock");

        var e = Assert.Throws<InvalidDataException>(() => DatasetLayouts.Open(csv));
        Assert.Contains(csv, e.Message, StringComparison.Ordinal);
        Assert.Contains("filename,label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_tracks_cut_spans_into_clips_and_list_bad_labels()
    {
        using var f = new DatasetFolder();
        f.Tone("street__mon.wav", seconds: 12, rate: 22050);
        f.Text("street__mon.txt",
            "0.5\t2.0\tdog",
            "\\\t100.0\t2000.0",
            "3\t3\tdog",
            "2.0\t12.0\tbackground",
            "11.5\t14\tdog",
            "oops",
            "6\t7\t",
            "0.5\t2.0\tdog");
        f.Tone("lonely.wav");
        f.Text("orphan.txt", "0\t1\tdog");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.IsType<LabelTrackDataset>(ds);
        Assert.Equal(["background", "dog"], ds.Labels);
        Assert.Equal(["dog", "background", "background", "dog"], ds.Items.Select(i => i.Label));
        Assert.Equal(new AudioSegment(2.0, 7.0), ds.Items[1].Segment);
        Assert.Equal(new AudioSegment(7.0, 12.0), ds.Items[2].Segment);
        Assert.All(ds.Items, i => Assert.Equal(SourceFolds.FoldOf("street"), i.Fold));
        Assert.Equal(6, ds.Problems.Count);
        Assert.Contains(ds.Problems, p => p.File.EndsWith("line 8", StringComparison.Ordinal) && p.Reason == "span 0.5-2 s ('dog') repeats line 1: one clip in two rows would count twice");
        Assert.Contains(ds.Problems, p => p.File.EndsWith("line 3", StringComparison.Ordinal) && p.Reason.Contains("empty span", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File.EndsWith("line 6", StringComparison.Ordinal) && p.Reason.Contains("'oops'", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File.EndsWith("line 7", StringComparison.Ordinal) && p.Reason.Contains("empty label", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File.EndsWith("lonely.wav", StringComparison.Ordinal) && p.Reason.Contains("no label track", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.File.EndsWith("orphan.txt", StringComparison.Ordinal) && p.Reason.Contains("without a WAV", StringComparison.Ordinal));

        DatasetLoadResult audio = DatasetAudio.LoadAll(ds.Items, threads: 1);
        Assert.Equal([24000, 80000, 80000, 8000], audio.Loaded.Select(l => l.Samples.Length));
        Assert.Empty(audio.Failures);
    }

    [Fact]
    public void A_folder_beside_label_tracks_is_listed_not_passed_over()
    {
        using var f = new DatasetFolder();
        f.Tone("porch.wav", seconds: 4);
        f.Text("porch.txt", "0.5\t3.0\tdog");
        f.Tone(Path.Combine("cat", "cat0.wav"));

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.IsType<LabelTrackDataset>(ds);
        Assert.Equal(["dog"], ds.Labels);
        DatasetProblem folder = Assert.Single(ds.Problems);
        Assert.Equal(Path.Combine(f.Dir, "cat"), folder.File);
        Assert.Equal("a folder beside label tracks: not read (a folder of clips per class is a layout of its own; give it as another --data)", folder.Reason);
    }

    [Fact]
    public void One_span_under_two_labels_is_listed_and_overlapping_spans_are_warned_about()
    {
        using var f = new DatasetFolder();
        f.Tone("porch.wav", seconds: 10);
        f.Text("porch.txt", "0.5\t3.0\tdog", "0.5\t3.0\tcat", "2.0\t4.0\tdog", "3.5\t5\tcat", "6\t8\tcat");
        string track = Path.Combine(f.Dir, "porch.txt");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Equal(["porch.wav@0.5-3", "porch.wav@2-4", "porch.wav@3.5-5", "porch.wav@6-8"], ds.Items.Select(i => i.Name));
        DatasetProblem twice = Assert.Single(ds.Problems);
        Assert.Equal($"{track} line 2", twice.File);
        Assert.Equal("span 0.5-3 s ('cat') is the span of line 1 ('dog'): one clip cannot be two classes", twice.Reason);
        Assert.Equal(
            [
                ($"{track} line 3", "span 2-4 s ('dog') overlaps line 1 (0.5-3 s, 'dog') by 1 s: that stretch is trained twice"),
                ($"{track} line 4", "span 3.5-5 s ('cat') overlaps line 3 (2-4 s, 'dog') by 0.5 s: that stretch is trained twice, as 'dog' and as 'cat'"),
            ],
            ds.Warnings.Select(w => (w.File, w.Reason)));
    }

    [Fact]
    public void A_span_past_the_recordings_end_is_trimmed_to_it_first_with_one_warning_naming_the_line()
    {
        using var f = new DatasetFolder();
        f.Tone("yard.wav", seconds: 4);
        f.Text("yard.txt", "1\t3600\tdog", "4.5\t5\tdog", "0.5\t1\tdog");
        var warnings = new List<string>();
        string track = Path.Combine(f.Dir, "yard.txt");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult audio = DatasetAudio.LoadAll(ds.Items, threads: 1, new DatasetWarnings(warnings.Add));

        Assert.Equal(["yard.wav@1-4", "yard.wav@0.5-1"], audio.Loaded.Select(l => l.Item.Name));
        Assert.Equal([48000, 8000], audio.Loaded.Select(l => l.Samples.Length));
        Assert.Empty(warnings);
        Assert.Empty(audio.Failures);
        DatasetProblem cut = Assert.Single(ds.Warnings);
        Assert.Equal($"{track} line 1", cut.File);
        Assert.Equal("span 1-3600 s ('dog') ends past the end of yard.wav (length 4 s): trimmed to 1-4 s", cut.Reason);
        DatasetProblem outside = Assert.Single(ds.Problems);
        Assert.Equal($"{track} line 2", outside.File);
        Assert.Equal("span 4.5-5 s ('dog') starts at or after the end of yard.wav (length 4 s)", outside.Reason);
    }

    [Theory]
    [InlineData("1e10")]
    [InlineData("1e308")]
    public void An_absurd_end_time_is_refused_in_one_line(string time)
    {
        using var f = new DatasetFolder();
        f.Tone("yard.wav", seconds: 1);
        f.Text("yard.txt", $"0\t{time}\tdog", "0.2\t0.8\tdog");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Single(ds.Items);
        DatasetProblem problem = Assert.Single(ds.Problems);
        Assert.Equal($"time '{time}' is more than 1000000 s (11.6 days), longer than any recording, found '0\t{time}\tdog'", problem.Reason);
    }

    [Fact]
    public void A_span_that_rounds_to_no_sample_is_listed_not_loaded_empty()
    {
        using var f = new DatasetFolder();
        f.Tone("yard.wav", seconds: 1);
        f.Text("yard.txt", "0.2\t0.8\tdog", "0.99999\t1.01\tdog");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult audio = DatasetAudio.LoadAll(ds.Items, threads: 1);

        Assert.Equal([9600], audio.Loaded.Select(l => l.Samples.Length));
        DatasetProblem empty = Assert.Single(audio.Failures);
        Assert.Equal("yard.wav@1-1.01", empty.File);
        Assert.Contains("holds no sample of the recording", empty.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_with_a_negative_or_comma_time_names_that_time()
    {
        using var f = new DatasetFolder();
        f.Tone("yard.wav", seconds: 1);
        f.Text("yard.txt", "-0.5\t0.5\tdog", "0,2\t0,8\tdog", "0.2\t0.8\tdog");

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Single(ds.Items);
        Assert.Equal(2, ds.Problems.Count);
        Assert.Contains("time '-0.5' is not seconds", ds.Problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("time '0,2' is not seconds", ds.Problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clip_of_digital_silence_is_loaded_with_a_warning_naming_it()
    {
        using var f = new DatasetFolder();
        f.Tone("dog/bark.wav");
        string quiet = f.Tone("dog/quiet.wav", hz: 0);
        var lines = new List<string>();

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult audio = DatasetAudio.LoadAll(ds.Items, threads: 1, new DatasetWarnings(lines.Add));

        Assert.Equal(2, audio.Loaded.Count);
        string warning = Assert.Single(lines);
        Assert.StartsWith(quiet + ": ", warning, StringComparison.Ordinal);
        Assert.Contains("digital silence", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_track_span_of_digital_silence_is_loaded_with_a_warning_naming_the_span()
    {
        using var f = new DatasetFolder();
        var samples = new float[32000];
        for (int i = 0; i < 16000; i++)
        {
            samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 16000));
        }

        string yard = f.Path("yard.wav");
        WavWriter.WritePcm16(yard, samples, 16000);
        f.Text("yard.txt", "0.2\t0.8\tdog", "1.2\t1.8\tdog");
        var lines = new List<string>();

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);
        DatasetLoadResult audio = DatasetAudio.LoadAll(ds.Items, threads: 1, new DatasetWarnings(lines.Add));

        Assert.Equal(2, audio.Loaded.Count);
        string warning = Assert.Single(lines);
        Assert.StartsWith(yard + " span 1.2-1.8 s: every sample is 0 (digital silence)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Esc50_folder_keeps_its_folds_labels_and_clip_sources()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();

        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.IsType<Esc50Layout>(ds);
        Assert.Equal(["dog", "rooster"], ds.Labels);
        Assert.Equal([1, 1, 2, 2, 3], ds.Items.Select(i => i.Fold));
        Assert.Equal(["1", "2", "3", "4", "5"], ds.Items.Select(i => i.Source));
    }

    [Fact]
    public void A_folder_in_no_layout_is_refused_naming_it()
    {
        using var f = new DatasetFolder();
        f.Text("notes.txt", "hello");

        var e = Assert.Throws<InvalidDataException>(() => DatasetLayouts.Open(f.Dir));
        Assert.Contains(f.Dir, e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => DatasetLayouts.Open(f.Path("missing")));
    }

    [Fact]
    public void Source_folds_are_stable_spread_and_keep_a_recording_together()
    {
        Assert.Equal("kitchen-0501", SourceFolds.SourceOf("kitchen-0501__003.wav"));
        Assert.Equal("bark", SourceFolds.SourceOf("bark.wav"));
        Assert.Equal(SourceFolds.FoldOf("Kitchen"), SourceFolds.FoldOf("kitchen"));
        int[] counts = new int[SourceFolds.FoldCount + 1];
        for (int i = 0; i < 1000; i++)
        {
            counts[SourceFolds.FoldOf($"recording-{i}")]++;
        }

        Assert.Equal(0, counts[0]);
        Assert.All(counts[1..], c => Assert.InRange(c, 150, 250));
    }

    [Fact]
    public void Fold_selection_names_a_fold_that_holds_nothing()
    {
        using var f = Esc50Fixture.WithGoodAndBadClips();
        ILabeledDataset ds = DatasetLayouts.Open(f.Dir);

        Assert.Equal(2, DatasetSelection.InFolds(ds, new HashSet<int> { 2 }).Count);
        var e = Assert.Throws<ArgumentException>(() => DatasetSelection.InFolds(ds, new HashSet<int> { 2, 7 }));
        Assert.Contains("fold 7", e.Message, StringComparison.Ordinal);
    }
}
