using EdgeSound.Daemon.Configuration;
using Xunit;

namespace EdgeSound.Daemon.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private static DaemonOptions FromYaml(string yaml, params string[] overrides)
    {
        var keys = ConfigLoader.ReadYaml(new StringReader(yaml), "test.yaml");
        return ConfigLoader.Bind([keys, ConfigLoader.ParseOverrides(overrides)]);
    }

    [Fact]
    public void Yaml_binds_nested_snake_case_keys_lists_and_class_dictionary()
    {
        var o = FromYaml("""
            audio:
              input: plughw:1,0
              sample_rate: 48000
              format: s32_le
              gain_db: 12.5
            detection:
              hop_s: 0.25
              include: [dog, siren]
              classes:
                dog:
                  threshold: 0.7
                  quiet_hours: "22:00-06:30"
            mqtt:
              host: broker.local
              outbox:
                full_policy: drop_newest
            """);
        Assert.Equal("plughw:1,0", o.Audio.Input);
        Assert.Equal(48000, o.Audio.SampleRate);
        Assert.Equal("s32_le", o.Audio.Format);
        Assert.Equal(12.5, o.Audio.GainDb);
        Assert.Equal(0.25, o.Detection.HopSeconds);
        Assert.Equal(["dog", "siren"], o.Detection.Include);
        Assert.Equal(0.7, o.Detection.Classes["dog"].Threshold);
        Assert.Null(o.Detection.Classes["dog"].OffsetThreshold);
        Assert.Equal("22:00-06:30", o.Detection.Classes["dog"].QuietHours);
        Assert.Equal("broker.local", o.Mqtt.Host);
        Assert.Equal("drop_newest", o.Mqtt.Outbox.FullPolicy);
        Assert.Empty(DaemonOptionsValidator.Check(o));
    }

    [Fact]
    public void Json_text_is_read_as_well()
    {
        var o = FromYaml("""{"detection": {"threshold": 0.8, "exclude": ["rain"]}, "events": {"file": "-"}}""");
        Assert.Equal(0.8, o.Detection.Threshold);
        Assert.Equal(["rain"], o.Detection.Exclude);
        Assert.Equal("-", o.Events.File);
    }

    [Fact]
    public void Overrides_win_over_the_file()
    {
        var o = FromYaml("detection:\n  hop_s: 0.5\n", "detection:hop_s=0.3", "mqtt:host=10.0.0.2");
        Assert.Equal(0.3, o.Detection.HopSeconds);
        Assert.Equal("10.0.0.2", o.Mqtt.Host);
    }

    [Fact]
    public void Unknown_keys_are_rejected_with_their_full_path()
    {
        var e = Assert.Throws<ConfigException>(() => FromYaml("""
            detection:
              treshold: 0.5
              classes:
                dog:
                  cooldown: 3
            mqtt:
              outbox:
                max: 5
            colour: blue
            """));
        Assert.Equal(
            [
                "test.yaml:2:3: unknown key detection:treshold; did you mean detection:threshold?",
                "test.yaml:5:7: unknown key detection:classes:dog:cooldown; did you mean detection:classes:dog:cooldown_s?",
                "test.yaml:8:5: unknown key mqtt:outbox:max; did you mean mqtt:outbox:max_events?",
                "test.yaml:9:1: unknown key colour",
            ],
            e.Errors);
    }

    [Fact]
    public void Scalar_given_a_mapping_is_rejected()
    {
        var e = Assert.Throws<ConfigException>(() => FromYaml("detection:\n  hop_s:\n    value: 1\n"));
        Assert.Equal("test.yaml:3:5: detection:hop_s must be a single value, got a mapping", Assert.Single(e.Errors));
    }

    [Fact]
    public void Unparsable_value_names_the_key()
    {
        var e = Assert.Throws<ConfigException>(() => FromYaml("detection:\n  hop_s: fast\n"));
        Assert.Equal("test.yaml:2:10: detection:hop_s must be a number in [0.05,10], got 'fast'", Assert.Single(e.Errors));
    }

    [Fact]
    public void Bad_override_syntax_is_explained()
    {
        var layer = ConfigLoader.ParseOverrides(["detection:hop_s"]);
        Assert.Equal("--set: 'detection:hop_s' is not key=value, for example detection:hop_s=0.25", Assert.Single(layer.Errors));
    }

    [Fact]
    public void A_list_given_whole_replaces_the_earlier_list_and_one_entry_replaces_one()
    {
        var o = FromYaml("detection:\n  exclude: [rain, wind, sea_waves]\n", "detection:exclude=[dog]");
        Assert.Equal(["dog"], o.Detection.Exclude);
        o = FromYaml("detection:\n  exclude: [rain, wind, sea_waves]\n", "detection:exclude=[]");
        Assert.Empty(o.Detection.Exclude);
        o = FromYaml("detection:\n  exclude: [rain, wind, sea_waves]\n", "detection:exclude:1=dog");
        Assert.Equal(["rain", "dog", "sea_waves"], o.Detection.Exclude);
        o = FromYaml("detection:\n  exclude:\n  include: ~\n");
        Assert.Empty(o.Detection.Exclude);
        Assert.Empty(o.Detection.Include);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ReadFile("/nonexistent/edgesound.yaml"));
        Assert.Contains("/nonexistent/edgesound.yaml", e.Message);
    }

    [Fact]
    public void Yaml_syntax_error_names_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "detection:\n  hop_s: [1, 2\n");
        try
        {
            var e = Assert.Throws<ConfigException>(() => ConfigLoader.ReadFile(path));
            Assert.Equal($"{path}:3:1: YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'.", Assert.Single(e.Errors));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Defaults_are_valid_and_quiet()
    {
        var o = FromYaml("");
        Assert.Empty(DaemonOptionsValidator.Check(o));
        Assert.Equal("", o.Mqtt.Host);
        Assert.True(o.Detection.Threshold >= 0.5, "default onset threshold should keep background noise quiet");
        Assert.True(o.Detection.OffsetThreshold < o.Detection.Threshold);
        Assert.True(o.Detection.GateDbfs <= -50);
    }
}
