using EdgeSound.Daemon.Configuration;
using Xunit;

namespace EdgeSound.Daemon.Tests.Configuration;

public sealed class ValidationTests
{
    private static List<string> Faults(string yaml)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Bind([ConfigLoader.ReadYaml(new StringReader(yaml), "t.yaml")]));
        return [.. e.Errors];
    }

    private static List<string> CrossFaults(string yaml) =>
        DaemonOptionsValidator.Check(ConfigLoader.Bind([ConfigLoader.ReadYaml(new StringReader(yaml), "t.yaml")]));

    [Fact]
    public void Class_threshold_out_of_range_names_the_key_and_value()
    {
        Assert.Equal(
            ["t.yaml:4:18: detection:classes:dog:threshold must be a number in (0,1], got '1.5'"],
            Faults("detection:\n  classes:\n    dog:\n      threshold: 1.5\n"));
    }

    [Fact]
    public void Clip_keys_out_of_range_name_the_key_line_and_value()
    {
        Assert.Equal(
            [
                "t.yaml:3:15: clips:pre_roll_s must be a number in [0,30], got '-1'",
                "t.yaml:4:16: clips:post_roll_s must be a number in [0,30], got '31'",
                "t.yaml:5:11: clips:max_mb must be a number in [1,1000000], got '0'",
            ],
            Faults("clips:\n  enabled: true\n  pre_roll_s: -1\n  post_roll_s: 31\n  max_mb: 0\n"));
    }

    [Fact]
    public void Offset_above_onset_is_rejected()
    {
        Assert.Equal(
            ["detection:offset_threshold must not exceed detection:threshold (0.5), got 0.6"],
            CrossFaults("detection:\n  threshold: 0.5\n  offset_threshold: 0.6\n"));
        Assert.Equal(
            ["detection:classes:dog:offset_threshold must not exceed the class threshold (0.4), got 0.5"],
            CrossFaults("detection:\n  classes:\n    dog: {threshold: 0.4, offset_threshold: 0.5}\n"));
    }

    [Fact]
    public void Values_in_a_rule_joining_keys_are_shown_as_given_not_rounded()
    {
        Assert.Equal(
            ["detection:offset_threshold must not exceed detection:threshold (1E-300), got 0.25"],
            CrossFaults("detection:\n  threshold: 1e-300\n"));
        Assert.Equal(
            ["detection:classes:dog:offset_threshold must not exceed the class threshold (0.0001), got 0.00015"],
            CrossFaults("detection:\n  classes:\n    dog: {threshold: 0.0001, offset_threshold: 0.00015}\n"));
        Assert.Equal(
            ["mqtt:reconnect_max_s must be at least mqtt:reconnect_min_s (0.1234), got 0.1233"],
            CrossFaults("mqtt:\n  host: h\n  reconnect_min_s: 0.1234\n  reconnect_max_s: 0.1233\n"));
    }

    [Theory]
    [InlineData("metrics:\n  listen: nohost\n", "t.yaml:2:11: metrics:listen must be HOST:PORT (e.g. 127.0.0.1:9464), or empty for none, got 'nohost'")]
    [InlineData("web:\n  listen: nohost\n", "t.yaml:2:11: web:listen must be http://HOST:PORT (e.g. http://127.0.0.1:8080), or empty for none, got 'nohost'")]
    [InlineData("levels:\n  calibration_db: 300\n", "t.yaml:2:19: levels:calibration_db must be a number in [0,200], or empty for none, got '300'")]
    public void Optional_values_say_once_that_empty_means_none(string yaml, string error) => Assert.Equal([error], Faults(yaml));

    [Theory]
    [InlineData("audio:\n  speed: fast\n", "t.yaml:2:10: audio:speed must be one of max, realtime, got 'fast'")]
    [InlineData("audio:\n  format: s24_3le\n", "t.yaml:2:11: audio:format must be one of s16_le, s24_le, s32_le, got 's24_3le'")]
    [InlineData("mqtt:\n  outbox:\n    full_policy: drop_all\n", "t.yaml:3:18: mqtt:outbox:full_policy must be one of drop_oldest, drop_newest, got 'drop_all'")]
    [InlineData("logging:\n  level: Loud\n", "t.yaml:2:10: logging:level must be one of Verbose, Debug, Information, Warning, Error, got 'Loud'")]
    public void Enumerated_values_name_the_key(string yaml, string error) => Assert.Equal([error], Faults(yaml));

    [Fact]
    public void Numbers_out_of_range_and_bad_quiet_hours_are_all_reported()
    {
        var errors = Faults("""
            audio:
              sample_rate: 44100
              channels: 40
            detection:
              hop_s: 0
              smoothing_windows: 0
              classes:
                siren: {quiet_hours: "25:00-06:00"}
            mqtt:
              host: h
              port: 70000
              base_topic: a/#
              device_id: a/b
            gpio:
              led_line: 2000
            """);
        Assert.Equal(
            [
                "t.yaml:2:16: audio:sample_rate must be one of 16000, 48000, got '44100'",
                "t.yaml:3:13: audio:channels must be a whole number in [1,32], got '40'",
                "t.yaml:5:10: detection:hop_s must be a number in [0.05,10], got '0'",
                "t.yaml:6:22: detection:smoothing_windows must be a whole number in [1,20], got '0'",
                "t.yaml:8:26: detection:classes:siren:quiet_hours must be HH:MM-HH:MM (local time, start != end), got '25:00-06:00'",
                "t.yaml:11:9: mqtt:port must be a whole number in [1,65535], got '70000'",
                "t.yaml:12:15: mqtt:base_topic must be an MQTT topic path without wildcards or leading/trailing '/', got 'a/#'",
                "t.yaml:13:14: mqtt:device_id must contain only the characters a-z, A-Z, 0-9, '_' and '-' (Home Assistant discovery ids), or be empty for edgesound-<hostname>, got 'a/b'",
                "t.yaml:15:13: gpio:led_line must be a whole number in [-1,1023], got '2000'",
            ],
            errors);
    }

    [Theory]
    [InlineData("audio:\n  channels: 1.5\n", "t.yaml:2:13: audio:channels must be a whole number in [1,32], got '1.5'")]
    [InlineData("audio:\n  dc_removal: yes\n", "t.yaml:2:15: audio:dc_removal must be true or false, got 'yes'")]
    [InlineData("detection:\n  gate_dbfs: .nan\n", "t.yaml:2:14: detection:gate_dbfs must be a number in [-140,0], got '.nan'")]
    [InlineData("detection:\n  threshold: NaN\n", "t.yaml:2:14: detection:threshold must be a number in (0,1], got 'NaN'")]
    [InlineData("detection:\n  exclude: [\"\"]\n", "t.yaml:2:13: detection:exclude:0 must be a label name, got ''")]
    public void Values_of_the_wrong_type_name_the_key(string yaml, string error) => Assert.Equal([error], Faults(yaml));

    [Fact]
    public void Rules_joining_keys_name_both()
    {
        Assert.Equal(
            [
                "audio:channel must be below audio:channels (2), got 2",
                "audio:buffer_ms must be at least 2 x audio:period_ms (64), got 40",
                "detection:max_duration_s must be at least detection:min_duration_s (5), got 2",
                "gpio:button_line must differ from gpio:led_line, both are 17",
            ],
            CrossFaults("""
                audio: {channels: 2, channel: 2, period_ms: 32, buffer_ms: 40}
                detection: {min_duration_s: 5, max_duration_s: 2}
                gpio: {led_line: 17, button_line: 17}
                """));
    }

    [Fact]
    public void A_label_both_included_and_excluded_is_refused_naming_both_entries()
    {
        Assert.Equal(
            ["detection:exclude:1: 'dog' is also detection:include:0; a label both included and excluded never raises an event"],
            CrossFaults("""
                detection: {include: [dog, siren], exclude: [rain, dog]}
                """));
        Assert.Empty(CrossFaults("""
            detection: {include: [dog, siren], exclude: [rain]}
            """));
    }

    [Fact]
    public void An_event_type_listed_twice_is_refused_naming_the_key_and_both_indexes()
    {
        Assert.Equal(
            ["mqtt:event_types:2: 'dog' is also mqtt:event_types:0; list each event type once"],
            CrossFaults("""
                mqtt: {event_types: [dog, siren, dog]}
                """));
        Assert.Empty(CrossFaults("""
            mqtt: {event_types: [dog, siren]}
            """));
    }

    [Fact]
    public void Password_env_that_is_not_set_is_reported_without_a_value()
    {
        var name = "ES_TEST_NO_SUCH_VARIABLE_" + Guid.NewGuid().ToString("N");
        var error = Assert.Single(CrossFaults($"mqtt: {{host: h, password_env: {name}}}\n"));
        Assert.Equal($"mqtt:password_env: environment variable {name} is not set", error);
    }

    [Fact]
    public void Password_env_that_is_empty_is_refused_naming_the_variable()
    {
        var name = "ES_TEST_EMPTY_VARIABLE_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "");
        try
        {
            var error = Assert.Single(CrossFaults($"mqtt: {{host: h, password_env: {name}}}\n"));
            Assert.Equal($"mqtt:password_env: environment variable {name} is empty; it must hold the broker password", error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Labels_unknown_to_the_model_are_reported_by_key()
    {
        var o = new DaemonOptions();
        o.Detection.Classes["wolf"] = new ClassOptions { Threshold = 0.5 };
        o.Detection.Include.AddRange(["dog", "dragon"]);
        o.Mqtt.EventTypes.Add("unicorn");
        var errors = DaemonOptionsValidator.CheckLabels(o, ["dog", "siren"]);
        Assert.Equal(
            [
                "detection:classes:wolf: the model has no label 'wolf'",
                "detection:include:1: the model has no label 'dragon'",
                "mqtt:event_types:0: the model has no label 'unicorn'",
            ],
            errors);
    }

    [Fact]
    public void A_misspelt_label_gets_the_nearest_one_as_a_hint()
    {
        var o = new DaemonOptions();
        o.Detection.Exclude.Add("dgo");
        o.Detection.Classes["sirene"] = new ClassOptions { Threshold = 0.5 };
        var errors = DaemonOptionsValidator.CheckLabels(o, ["dog", "siren", "glass_breaking"]);
        Assert.Equal(
            [
                "detection:classes:sirene: the model has no label 'sirene'; did you mean siren?",
                "detection:exclude:0: the model has no label 'dgo'; did you mean dog?",
            ],
            errors);
    }

    [Fact]
    public void Including_the_background_class_is_refused_because_it_never_raises_an_event()
    {
        var o = new DaemonOptions();
        o.Detection.Include.AddRange(["dog", "background"]);
        o.Detection.Exclude.Add("background");
        o.Cues.Classes["background"] = new CueClassOptions();
        var errors = DaemonOptionsValidator.CheckLabels(o, ["background", "dog"]);
        Assert.Equal(
            [
                "detection:include:1: 'background' never raises an event (it is the model's 'nothing is happening' class)",
                "cues:classes:background: 'background' never raises an event, so its cue would never play",
            ],
            errors);
    }

    [Theory]
    [InlineData("22:00-06:00", "23:30", true)]
    [InlineData("22:00-06:00", "05:59", true)]
    [InlineData("22:00-06:00", "06:00", false)]
    [InlineData("22:00-06:00", "12:00", false)]
    [InlineData("08:30-17:00", "08:30", true)]
    [InlineData("08:30-17:00", "17:00", false)]
    public void Quiet_hours_wrap_midnight(string span, string time, bool inside)
    {
        Assert.True(QuietHours.TryParse(span, out var q));
        Assert.Equal(inside, q.Contains(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("22:00")]
    [InlineData("10:00-10:00")]
    [InlineData("9-17")]
    public void Bad_quiet_hours_do_not_parse(string span) => Assert.False(QuietHours.TryParse(span, out _));
}
