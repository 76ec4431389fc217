using EdgeSound.Daemon.Configuration;
using Xunit;

namespace EdgeSound.Daemon.Tests.Configuration;

/// <summary>The <c>cues:</c> section: patterns checked as they are read, naming key and position; pattern or file; model labels.</summary>
public sealed class CueConfigTests
{
    [Fact]
    public void A_bad_pattern_is_refused_naming_the_key_the_column_and_the_token()
    {
        var (code, lines, _) = ConfigRun.Load(null, "cues:classes:dog:pattern=bpm=120: C5/4 H5/8");
        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.StartsWith("edgesound: configuration error: --set: cues:classes:dog:pattern must be a cue pattern (pattern error at column 15, token 'H5/8'", line);
    }

    [Theory]
    [InlineData("bpm=NaN: C5/8", "pattern error at column 1, token 'bpm=NaN': bpm is a tempo in beats per minute, 20..400")]
    [InlineData("bpm=150: NaNhz/8", "pattern error at column 10, token 'NaNhz/8': a frequency is written like '440hz', 20..20000 Hz")]
    public void A_pattern_number_that_is_not_finite_is_refused_naming_the_column_and_the_token(string pattern, string error)
    {
        var (code, lines, _) = ConfigRun.Load(null, "cues:classes:dog:pattern=" + pattern);
        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.StartsWith($"edgesound: configuration error: --set: cues:classes:dog:pattern must be a cue pattern ({error}", line);
    }

    [Fact]
    public void A_bad_pattern_in_the_file_names_line_and_column_of_the_value()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Bind([ConfigLoader.ReadYaml(new StringReader("cues:\n  classes:\n    dog:\n      pattern: \"C5 Q\"\n"), "t.yaml")]));
        var line = Assert.Single(e.Errors);
        Assert.StartsWith("t.yaml:4:16: cues:classes:dog:pattern must be a cue pattern (pattern error at column 4, token 'Q'", line);
    }

    [Fact]
    public void A_class_takes_a_pattern_or_a_file_not_both_and_not_neither()
    {
        var both = Check("cues:\n  classes:\n    dog:\n      pattern: C5\n      file: dog.txt\n");
        Assert.Equal(["cues:classes:dog:pattern and cues:classes:dog:file are both set; use one"], both);
        var neither = Check("cues:\n  classes:\n    dog:\n      file: \"\"\n");
        Assert.Equal(["cues:classes:dog:file is empty and cues:classes:dog:pattern is not set: give the cue as one of the two"], neither);
        Assert.Empty(Check("cues:\n  classes:\n    dog:\n      pattern: C5\n"));
    }

    [Fact]
    public void Cue_labels_must_be_model_labels()
    {
        var o = ConfigLoader.Bind([ConfigLoader.ReadYaml(new StringReader("cues:\n  classes:\n    dgo:\n      pattern: C5\n"), "t.yaml")]);
        Assert.Equal(["cues:classes:dgo: the model has no label 'dgo'; did you mean dog?"], DaemonOptionsValidator.CheckLabels(o, ["dog", "siren"]));
    }

    [Theory]
    [InlineData("cues:device=", "cues:device must name an ALSA device")]
    [InlineData("cues:output=piezo", "cues:output must be one of speaker, buzzer, both")]
    [InlineData("cues:quiet_hours=22:00", "cues:quiet_hours must be HH:MM-HH:MM")]
    [InlineData("cues:sample_rate=4000", "cues:sample_rate must be a whole number in [8000,192000]")]
    [InlineData("cues:tail_s=-1", "cues:tail_s must be a number in [0,10]")]
    public void Scalar_values_are_checked(string set, string expected)
    {
        var (code, lines, _) = ConfigRun.Load(null, set);
        Assert.Equal(2, code);
        Assert.Contains(expected, Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Cues_on_the_buzzer_need_a_buzzer()
    {
        Assert.Equal(["cues:output buzzer needs a buzzer: set gpio:buzzer_pwm_chip (it is -1)"], Check("cues:\n  output: buzzer\n"));
        Assert.Equal(["cues:output both needs a buzzer: set gpio:buzzer_pwm_chip (it is -1)"], Check("cues:\n  output: both\n"));
        Assert.Empty(Check("gpio:\n  buzzer_pwm_chip: 0\ncues:\n  output: both\n"));
        Assert.Empty(Check("cues:\n  output: speaker\n"));
    }

    private static List<string> Check(string yaml) =>
        DaemonOptionsValidator.Check(ConfigLoader.Bind([ConfigLoader.ReadYaml(new StringReader(yaml), "t.yaml")]));
}
