using EdgeSound.Learning.Soundscapes;
using Xunit;

namespace EdgeSound.Learning.Tests.Soundscapes;

public sealed class SoundscapeReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-scape-read-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("dog,NaN,2,10,a.wav", "line 2: onset_s is 'NaN', not a finite number of seconds >= 0")]
    [InlineData("dog,-5,2,10,a.wav", "line 2: onset_s is '-5', not a finite number of seconds >= 0")]
    [InlineData("dog,5,3,10,a.wav", "line 2: offset_s is '3', not after onset_s '5'")]
    [InlineData("dog,5,5,10,a.wav", "line 2: offset_s is '5', not after onset_s '5'")]
    [InlineData("dog,1,1e308,10,a.wav", "line 2: offset_s is '1e308', not a finite number of seconds up to the soundscape's end (30 s)")]
    [InlineData("dog,1,Infinity,10,a.wav", "line 2: offset_s is 'Infinity', not a finite number of seconds up to the soundscape's end (30 s)")]
    [InlineData("dog,1,2,Infinity,a.wav", "line 2: snr_db is 'Infinity', not a finite number of dB")]
    [InlineData("dog,1,2,NaN,a.wav", "line 2: snr_db is 'NaN', not a finite number of dB")]
    [InlineData(",1,2,10,a.wav", "line 2: label is empty")]
    [InlineData(" ,1,2,10,a.wav", "line 2: label is empty")]
    public void Truth_rows_out_of_range_are_refused_naming_file_line_and_field(string row, string message)
    {
        var path = Path.Combine(_dir, "t.csv");
        File.WriteAllText(path, GroundTruth.Header + "\n" + row + "\n");
        var e = Assert.Throws<InvalidDataException>(() => GroundTruth.Read(path, 30));
        Assert.Equal($"{path}: {message}", e.Message);
    }

    [Fact]
    public void Truth_offsets_may_round_up_to_a_millisecond_past_the_end()
    {
        var path = Path.Combine(_dir, "t.csv");
        File.WriteAllText(path, GroundTruth.Header + "\ndog,29.5,30.001,-3,a.wav\n");
        Assert.Equal(new SoundscapeEvent("dog", "a.wav", 29.5, 30.001, -3), Assert.Single(GroundTruth.Read(path, 30)));
    }

    [Theory]
    [InlineData("""{"label":"dog","start_s":1e400,"end_s":2,"score":0.5}""", "\"start_s\" is 1e400, not a finite number of seconds >= 0")]
    [InlineData("""{"label":"dog","start_s":-1,"end_s":2,"score":0.5}""", "\"start_s\" is -1, not a finite number of seconds >= 0")]
    [InlineData("""{"label":"dog","start_s":1,"end_s":-2,"score":0.5}""", "\"end_s\" is -2, not a finite number of seconds >= 0")]
    [InlineData("""{"label":"dog","start_s":3,"end_s":2,"score":0.5}""", "\"end_s\" is 2, before \"start_s\" 3")]
    [InlineData("""{"label":"dog","start_s":1,"end_s":2,"score":1.5}""", "\"score\" is 1.5, not a score in 0..1")]
    [InlineData("""{"label":"dog","start_s":1,"end_s":2,"score":-0.1}""", "\"score\" is -0.1, not a score in 0..1")]
    [InlineData("""{"label":null,"start_s":1,"end_s":2,"score":0.5}""", "\"label\" is null, not a non-empty string")]
    [InlineData("""{"label":"","start_s":1,"end_s":2,"score":0.5}""", "\"label\" is \"\", not a non-empty string")]
    [InlineData("""{"label":"dog","start_s":"1","end_s":2,"score":0.5}""", "\"start_s\" is \"1\", not a finite number of seconds >= 0")]
    [InlineData("""{"label":"dog","end_s":2,"score":0.5}""", "\"start_s\" is missing")]
    [InlineData("""[1,2]""", "expected a JSON object, got array")]
    public void Event_lines_out_of_range_are_refused_naming_file_line_and_key(string line, string message)
    {
        var path = Path.Combine(_dir, "e.jsonl");
        File.WriteAllText(path, """{"label":"dog","start_s":1,"end_s":2,"score":0.5}""" + "\n\n" + line + "\n");
        var e = Assert.Throws<InvalidDataException>(() => EventScorer.ReadEventLines(path));
        Assert.Equal($"{path}: line 3: {message}", e.Message);
    }

    [Fact]
    public void An_event_line_or_soundscape_json_naming_a_key_twice_is_refused_naming_the_key()
    {
        var events = Path.Combine(_dir, "e.jsonl");
        File.WriteAllText(events, """{"label":"dog","start_s":1,"end_s":2,"score":0.5}""" + "\n" + """{"label":"dog","start_s":1,"end_s":2,"score":0.5,"score":0.9}""" + "\n");
        var line = Assert.Throws<InvalidDataException>(() => EventScorer.ReadEventLines(events));
        Assert.StartsWith($"{events}: line 2: ", line.Message, StringComparison.Ordinal);
        Assert.Contains("Duplicate property 'score'", line.Message, StringComparison.Ordinal);

        var json = Path.Combine(_dir, "s.json");
        File.WriteAllText(json, """{"duration_s": 30, "duration_s": 60}""");
        var scape = Assert.Throws<InvalidDataException>(() => SoundscapeJson.ReadDuration(json));
        Assert.StartsWith($"{json}: ", scape.Message, StringComparison.Ordinal);
        Assert.Contains("Duplicate property 'duration_s'", scape.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"seed":1}""", "\"duration_s\" is missing")]
    [InlineData("""{"duration_s":"30"}""", "\"duration_s\" is \"30\", not a positive finite number of seconds")]
    [InlineData("""{"duration_s":-30}""", "\"duration_s\" is -30, not a positive finite number of seconds")]
    [InlineData("""{"duration_s":0}""", "\"duration_s\" is 0, not a positive finite number of seconds")]
    [InlineData("""{"duration_s":1e400}""", "\"duration_s\" is 1e400, not a positive finite number of seconds")]
    [InlineData("""[]""", "expected a JSON object, got array")]
    public void Soundscape_json_without_a_usable_duration_is_refused_naming_file_and_key(string json, string message)
    {
        var path = Path.Combine(_dir, "s.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidDataException>(() => SoundscapeJson.ReadDuration(path));
        Assert.Equal($"{path}: {message}", e.Message);
    }

    [Fact]
    public void Soundscape_json_that_is_truncated_is_refused_naming_the_file()
    {
        var path = Path.Combine(_dir, "s.json");
        File.WriteAllText(path, """{"duration_s": 3""");
        var e = Assert.Throws<InvalidDataException>(() => SoundscapeJson.ReadDuration(path));
        Assert.StartsWith($"{path}: not valid JSON (", e.Message, StringComparison.Ordinal);
        Assert.Single(e.Message.Split('\n'));
        File.WriteAllText(path, """{"duration_s": 30.5}""");
        Assert.Equal(30.5, SoundscapeJson.ReadDuration(path));
    }
}
