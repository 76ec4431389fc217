using System.Text.Json;
using EdgeSound.Learning.Soundscapes;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

public sealed class SoundscapeScoreCommandTests : IDisposable
{
    private const string GoodEvent = """{"label":"dog","start_s":1.2,"end_s":2.5,"score":0.9}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("es-scape-score-").FullName;
    private readonly string _truth;
    private readonly string _json;
    private readonly string _events;

    public SoundscapeScoreCommandTests()
    {
        _truth = Path.Combine(_dir, "scape.csv");
        _json = Path.Combine(_dir, "scape.json");
        _events = Path.Combine(_dir, "events.jsonl");
        File.WriteAllText(_truth, GroundTruth.Header + "\ndog,1.000,2.000,12.0,a.wav\n");
        File.WriteAllText(_json, """{"duration_s":30}""");
        File.WriteAllText(_events, GoodEvent + "\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Good_input_is_scored()
    {
        var (code, output, error) = Score("--json");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("\"matched\":1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pure_background_soundscape_without_detections_has_undefined_ratios_and_no_false_alarms()
    {
        File.WriteAllText(_truth, GroundTruth.Header + "\n");
        File.WriteAllText(_events, "");
        var (code, output, error) = Score("--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.Equal(0, r.GetProperty("truth").GetInt32());
        Assert.Equal(0, r.GetProperty("detections").GetInt32());
        Assert.Equal(0, r.GetProperty("background_false_alarms").GetInt32());
        Assert.Equal(0, r.GetProperty("background_false_alarms_per_hour").GetDouble());
        foreach (var key in new[] { "precision", "recall", "f1", "any_label_recall", "median_onset_latency_s", "p90_onset_latency_s", "median_report_delay_s" })
        {
            Assert.True(r.GetProperty(key).ValueKind == JsonValueKind.Null, $"{key} is {r.GetProperty(key)}");
        }

        Assert.Empty(r.GetProperty("recall_by_snr").EnumerateObject());

        (code, output, error) = Score();
        Assert.True(code == 0, error);
        Assert.Contains("precision n/a  recall n/a  F1 n/a  any-label recall n/a", output, StringComparison.Ordinal);
        Assert.Contains("recall by SNR: n/a (no true events)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1.000", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_detection_on_a_pure_background_soundscape_is_a_false_alarm_with_precision_and_f1_zero()
    {
        File.WriteAllText(_truth, GroundTruth.Header + "\n");
        var (code, output, error) = Score("--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.Equal(0, r.GetProperty("precision").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("recall").ValueKind);
        Assert.Equal(0, r.GetProperty("f1").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("any_label_recall").ValueKind);
        Assert.Equal(1, r.GetProperty("background_false_alarms").GetInt32());
        Assert.Equal(120, r.GetProperty("background_false_alarms_per_hour").GetDouble());
    }

    [Fact]
    public void Events_nothing_detected_has_undefined_precision_and_recall_zero()
    {
        File.WriteAllText(_events, "");
        var (code, output, error) = Score("--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.Equal(JsonValueKind.Null, r.GetProperty("precision").ValueKind);
        Assert.Equal(0, r.GetProperty("recall").GetDouble());
        Assert.Equal(0, r.GetProperty("f1").GetDouble());
        Assert.Equal(0, r.GetProperty("any_label_recall").GetDouble());
        Assert.Equal(0, r.GetProperty("recall_by_snr").GetProperty("10-15dB").GetProperty("recall").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("median_onset_latency_s").ValueKind);

        (code, output, error) = Score();
        Assert.True(code == 0, error);
        Assert.Contains("precision n/a  recall 0.000  F1 0.000  any-label recall 0.000", output, StringComparison.Ordinal);
        Assert.Contains("onset latency: median n/a s, p90 n/a s; report delay median n/a s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_line_whose_label_is_not_valid_unicode_is_refused_naming_its_line()
    {
        File.WriteAllText(_events, GoodEvent + "\n" + """{"label":"\ud800","start_s":1,"end_s":2,"score":0.9}""" + "\n");
        var (code, _, error) = Score();
        Assert.Equal(2, code);
        Assert.Contains($"{_events}: line 2: a string is not valid Unicode text", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_that_starts_after_the_soundscape_ends_is_refused_naming_its_line()
    {
        File.WriteAllText(_events, GoodEvent + "\n" + """{"label":"dog","start_s":70,"end_s":72,"score":0.9}""" + "\n");
        var (code, _, error) = Score();
        Assert.Equal(2, code);
        Assert.Contains($"{_events}: line 2: \"start_s\" is 70, not a time within the soundscape's 30 s (the events of another recording?)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"seed":1}""", "\"duration_s\" is missing")]
    [InlineData("""{"duration_s":"30"}""", "\"duration_s\" is \"30\", not a positive finite number of seconds")]
    [InlineData("""{"duration_s":-30}""", "\"duration_s\" is -30, not a positive finite number of seconds")]
    [InlineData("""[]""", "expected a JSON object, got array")]
    public void A_bad_soundscape_json_exits_two_naming_it(string json, string message)
    {
        File.WriteAllText(_json, json);
        AssertRefused($"{_json}: {message}", Score());
    }

    [Fact]
    public void A_truncated_soundscape_json_exits_two_naming_it()
    {
        File.WriteAllText(_json, """{"duration_s":""");
        AssertRefused($"{_json}: not valid JSON (", Score());
    }

    [Theory]
    [InlineData("dog,NaN,2,12,a.wav", "onset_s is 'NaN', not a finite number of seconds >= 0")]
    [InlineData("dog,-5,2,12,a.wav", "onset_s is '-5', not a finite number of seconds >= 0")]
    [InlineData("dog,5,3,12,a.wav", "offset_s is '3', not after onset_s '5'")]
    [InlineData("dog,1,1e308,12,a.wav", "offset_s is '1e308', not a finite number of seconds up to the soundscape's end (30 s)")]
    [InlineData("dog,1,2,Infinity,a.wav", "snr_db is 'Infinity', not a finite number of dB")]
    [InlineData(",1,2,12,a.wav", "label is empty")]
    public void A_bad_truth_row_exits_two_naming_file_line_and_field(string row, string message)
    {
        File.AppendAllText(_truth, row + "\n");
        AssertRefused($"{_truth}: line 3: {message}", Score());
    }

    [Theory]
    [InlineData("""{"label":"dog","start_s":1e400,"end_s":2,"score":0.5}""", "\"start_s\" is 1e400, not a finite number of seconds >= 0")]
    [InlineData("""{"label":"dog","start_s":1,"end_s":-2,"score":0.5}""", "\"end_s\" is -2, not a finite number of seconds >= 0")]
    [InlineData("""{"label":"dog","start_s":3,"end_s":2,"score":0.5}""", "\"end_s\" is 2, before \"start_s\" 3")]
    [InlineData("""{"label":"dog","start_s":1,"end_s":2,"score":7}""", "\"score\" is 7, not a score in 0..1")]
    [InlineData("""{"label":null,"start_s":1,"end_s":2,"score":0.5}""", "\"label\" is null, not a non-empty string")]
    public void A_bad_event_line_exits_two_naming_file_line_and_key(string line, string message)
    {
        File.AppendAllText(_events, line + "\n");
        AssertRefused($"{_events}: line 2: {message}", Score());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("Infinity")]
    public void A_duration_that_is_not_positive_and_finite_exits_two(string value)
    {
        AssertRefused($"--duration {value}: expected a positive finite number of seconds", Score("--duration", value));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("1E+308")]
    [InlineData("31")]
    public void A_collar_outside_zero_to_the_duration_exits_two(string value)
    {
        AssertRefused($"--collar {value}: expected a finite number of seconds from 0 to the soundscape's duration (30 s)", Score("--collar", value));
    }

    [Fact]
    public void An_ignored_label_found_nowhere_is_refused_with_a_did_you_mean()
    {
        AssertRefused("--ignore rian: not an ESC-50 class and not a label of the ground truth or the events; did you mean rain?", Score("--ignore", "rian"));
    }

    [Theory]
    [InlineData("rain")]
    [InlineData("dog")]
    [InlineData("dog, rain")]
    public void An_ignored_esc50_class_or_label_of_the_truth_is_taken(string labels)
    {
        var (code, _, error) = Score("--ignore", labels);
        Assert.True(code == 0, error);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void A_missing_truth_or_events_file_is_named_before_anything_is_read(bool truthMissing, bool durationGiven)
    {
        string missing = Path.Combine(_dir, "nope" + (truthMissing ? ".csv" : ".jsonl"));
        string[] args = ["soundscape", "score", "--truth", truthMissing ? missing : _truth, "--events", truthMissing ? _events : missing];
        AssertRefused($"{(truthMissing ? "--truth" : "--events")} {missing}: file not found",
            TrainerCli.Run(durationGiven ? [.. args, "--duration", "30"] : args));
    }

    [Fact]
    public void Repeated_detection_lines_are_scored_as_they_are_with_one_warning_naming_their_count_and_likely_cause()
    {
        const string other = """{"label":"rain","start_s":8,"end_s":9,"score":0.7}""";
        File.WriteAllText(_events, string.Join("\n", GoodEvent, other, GoodEvent, other, GoodEvent) + "\n");

        var (code, output, error) = Score("--json");

        Assert.Equal(0, code);
        Assert.Contains("\"detections\":5", output, StringComparison.Ordinal);
        Assert.Equal($"soundscape score: warning: {_events}: 3 detection line(s) repeat an earlier line exactly, as when a second daemon run "
            + "over the same soundscape appends to the --events file; scored as they are, so precision counts each repeat", error.TrimEnd());
    }

    [Fact]
    public void A_folder_given_as_the_events_file_is_named()
    {
        AssertRefused($"--events {_dir}: it is a directory", TrainerCli.Run(["soundscape", "score", "--truth", _truth, "--events", _dir]));
    }

    private static void AssertRefused(string start, (int Code, string Output, string Error) run)
    {
        Assert.Equal(2, run.Code);
        Assert.StartsWith("soundscape score failed: " + start, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal("", run.Output);
    }

    private (int Code, string Output, string Error) Score(params string[] extra) =>
        TrainerCli.Run(["soundscape", "score", "--truth", _truth, "--events", _events, .. extra]);
}
